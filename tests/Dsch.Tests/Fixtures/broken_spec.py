# Source of Fixtures/broken.ipynb (tools/make_notebook.py): cell 3 fails on purpose, cell 4 must never run.
CELLS = [
("markdown", "# A deliberately broken notebook"),
("csharp", """// parameters
var marker = "before";"""),
("csharp", """marker = "ran cell 3";
throw new InvalidOperationException("broken on purpose");"""),
("csharp", """marker = "cell 4 must not run";"""),
]
