#!/usr/bin/env python3
"""Writes a clean .NET Interactive notebook (.ipynb, no outputs) from a simple cell list.

Usage: tools/make_notebook.py SPEC.py OUT.ipynb, where SPEC.py defines CELLS = [("markdown"|"csharp", source), ...].
The setup cell is shared: every notebook starts with SETUP_CELL so they stay identical; the training
notebooks also share DATA_PRELUDE (setup, parameters, data check, data + features).
"""
import json, sys, runpy, pathlib

SETUP_CELL = """// setup — identical in every notebook. The dsch notebook host provides these assemblies itself;
// other hosts load them from ../bin/dsch (run ./dsch once to build it).
#r "../bin/dsch/Dsch.Lib.dll"
#r "../bin/dsch/TorchSharp.dll"
#r "../bin/dsch/Plotly.NET.dll"
#r "../bin/dsch/Plotly.NET.CSharp.dll"
#r "../bin/dsch/Deedle.dll"
#r "../bin/dsch/FSharp.Core.dll"
using Dsch;
using Dsch.Data;
using Dsch.Experiments;
using Dsch.Notebooks;
using Dsch.Runtime;
using TorchSharp;
using static TorchSharp.torch;"""

# The cells every training notebook (02, 03, 04, 06) opens with, after its title: setup, parameters,
# the data check, and the data with its cached features. Sources splice them in as *DATA_PRELUDE.
DATA_PRELUDE = [
    ("csharp", SETUP_CELL),
    ("csharp", """// parameters
var dataset = "fashion-mnist";
var quick = true;
var seed = 0;
var bits = 32;"""),
    ("markdown", "## Is the data there?\\nIf not, this cell says what to download and where to put it."),
    ("csharp", """Lab.CheckData(dataset).Message"""),
    ("markdown", "## Data and cached features\\nAs in notebook 01 (the features come from the cache when 01 ran before)."),
    ("csharp", """var data = Lab.LoadData(dataset, quick, seed);
var features = Lab.ExtractFeatures(data);"""),
]

def cell(kind, source):
    lines = source.strip("\n").split("\n")
    text = [l + "\n" for l in lines[:-1]] + [lines[-1]]
    if kind == "markdown":
        return {"cell_type": "markdown", "metadata": {}, "source": text}
    return {"cell_type": "code", "execution_count": None,
            "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}},
            "outputs": [], "source": text}

def main(spec_path, out_path):
    spec = runpy.run_path(spec_path, init_globals={"SETUP_CELL": SETUP_CELL, "DATA_PRELUDE": DATA_PRELUDE})
    notebook = {
        "cells": [cell(k, s) for k, s in spec["CELLS"]],
        "metadata": {
            "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
            "language_info": {"name": "polyglot-notebook"},
            "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}},
        },
        "nbformat": 4, "nbformat_minor": 5,
    }
    pathlib.Path(out_path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
