#!/usr/bin/env python3
"""Checks notebooks executed in stock Jupyter (jupyter nbconvert --execute): exits 1 naming each problem.

Usage: tools/check_executed_notebooks.py EXECUTED.ipynb...
A problem is: an error output; a text output (stream or text/plain) over 200 kB; any other output over 200 kB
except the one plotly.js loader of the setup cell (an object tree rendered as HTML is how a missing formatter
shows); a cell tagged "chart" whose output is not a Plotly chart in HTML, or a chart in an untagged cell; a chart
without plotly.js in the notebook.
"""
import json
import sys

LIMIT = 200_000
PLOTLY_LOADER = "/* plotly.js "
CHART_MARK = "window.Plotly.newPlot("


def text(value):
    return "".join(value) if isinstance(value, list) else str(value)


def problems(path):
    notebook = json.load(open(path, encoding="utf-8"))
    found, loaders, charts = [], 0, 0
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        where = f"{path}: cell {number}"
        html_outputs = []
        for output in cell.get("outputs", []):
            kind = output["output_type"]
            if kind == "error":
                found.append(f"{where}: error output: {output.get('ename')}: {output.get('evalue', '')[:300]}")
                continue
            if kind == "stream" and len(text(output.get("text", ""))) > LIMIT:
                found.append(f"{where}: {output.get('name')} output of {len(text(output['text']))} characters (limit {LIMIT})")
            for mime, value in output.get("data", {}).items():
                size = len(text(value))
                if mime == "text/html":
                    html_outputs.append(text(value))
                    if PLOTLY_LOADER in text(value):
                        loaders += 1
                        continue
                if size > LIMIT:
                    found.append(f"{where}: {mime} output of {size} characters (limit {LIMIT})")
        drawn = any(CHART_MARK in html for html in html_outputs)
        if "chart" in cell.get("metadata", {}).get("tags", []):
            charts += 1
            if not drawn:
                found.append(f"{where}: tagged chart, but no output is a Plotly chart in HTML")
        elif drawn:
            found.append(f"{where}: draws a chart but is not tagged chart (tag it, so a broken chart is caught)")
    if loaders > 1:
        found.append(f"{path}: plotly.js loaded {loaders} times (once per notebook is enough)")
    if charts and not loaders:
        found.append(f"{path}: {charts} chart cells but plotly.js is never loaded")
    return found


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failures = [problem for path in paths for problem in problems(path)]
    for problem in failures:
        print(problem, file=sys.stderr)
    print(f"checked {len(paths)} executed notebooks: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
