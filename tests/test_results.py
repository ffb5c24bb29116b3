"Every results table in README.md and in the notebooks is made from the committed result files: making it again now must give the same text."
import importlib.util, json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location('readme', ROOT/'.ci'/'readme.py'); readme = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(readme)

def echo_cells(nb:Path):
    "(source, stored output as markdown) of the code cells that show a results table (`#| echo: false`)."
    for c in json.loads(nb.read_text())['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and '#| echo: false' in src:
            yield src, readme.cell_output(c)

run_cell = readme.run_cell

NOTEBOOKS = [ROOT/'nbs'/'index.ipynb', *sorted((ROOT/'nbs').glob('*results*.ipynb'))]

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: p.name)
def test_tables_match_result_files(nb):
    cells = list(echo_cells(nb))
    if nb.name == 'index.ipynb': assert cells, "index.ipynb shows no results table"
    text = (ROOT/'README.md').read_text()
    for src, stored in cells:
        now = run_cell(src)
        assert now == stored, f"{nb.name}: a table differs from what the result files give now; re-run the notebook:\n{src}"
        if nb.name == 'index.ipynb': assert now.strip() in text, "README.md's table differs from the result files: run python .ci/readme.py"

def test_readme_numbers_come_from_tables():
    "Outside the generated tables and the test-command block, README's prose quotes no measured decimal."
    readme = (ROOT/'README.md').read_text()
    tables = '\n'.join(run_cell(src) for src, _ in echo_cells(ROOT/'nbs'/'index.ipynb'))
    prose = '\n'.join(l for l in readme.splitlines() if l.strip() not in tables and not l.startswith('|'))
    found = re.findall(r'(?<![\w.])0\.\d{3}(?!\d)', prose)
    assert not found, f"README prose quotes numbers not from a table: {found[:5]}"

def test_result_files_name_no_private_folder():
    "A committed result file holds no absolute path of the machine it was made on (`core.public_paths`: commands, model paths, descriptions)."
    from heartbeat_cls.core import public_paths
    bad = [f.name for f in sorted((ROOT/'results').glob('*.json')) if public_paths(d := json.loads(f.read_text()), ROOT) != d]
    assert not bad, bad
