"Every results table in README.md and in the notebooks is printed from the committed result files: re-printing it now must give the same text."
import contextlib, io, json, os, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

def echo_cells(nb:Path):
    "(source, stored printed output) of the code cells that print a results table (`#| echo: false`)."
    for c in json.loads(nb.read_text())['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and '#| echo: false' in src:
            out = ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []) if o.get('output_type') == 'stream')
            yield src, out

def run_cell(src:str) -> str:
    "What the cell prints now, run from nbs/ as notebooks are."
    here = os.getcwd(); os.chdir(ROOT/'nbs')
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out: exec(src, {})
    finally: os.chdir(here)
    return out.getvalue()

NOTEBOOKS = [ROOT/'nbs'/'index.ipynb', *sorted((ROOT/'nbs').glob('*results*.ipynb'))]

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_tables_match_result_files(nb):
    cells = list(echo_cells(nb))
    if nb.name == 'index.ipynb': assert cells, "index.ipynb prints no results table"
    readme = (ROOT/'README.md').read_text()
    for src, stored in cells:
        now = run_cell(src)
        assert now == stored, f"{nb.name}: a table differs from what the result files give now; re-run the notebook:\n{src}"
        if nb.name == 'index.ipynb': assert now.strip() in readme, "README.md's table differs from the result files: run python .ci/readme.py"

def test_readme_numbers_come_from_tables():
    "Outside the generated tables and the test-command block, README's prose quotes no measured decimal."
    readme = (ROOT/'README.md').read_text()
    tables = ''.join(run_cell(src) for src, _ in echo_cells(ROOT/'nbs'/'index.ipynb'))
    prose = '\n'.join(l for l in readme.splitlines() if l.strip() not in tables and not l.startswith('|'))
    found = re.findall(r'(?<![\w.])0\.\d{3}(?!\d)', prose)
    assert not found, f"README prose quotes numbers not from a table: {found[:5]}"
