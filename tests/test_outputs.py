"The notebooks show their results (stored outputs, figures, rendered tables), and a stored output cannot go stale silently: `.ci/outputs.py --check` names each cell whose source changed after its outputs were made."
import importlib.util, json, shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
_spec = importlib.util.spec_from_file_location('outputs', ROOT/'.ci'/'outputs.py'); outputs = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(outputs)
# The stages a reader most wants to see: each of these notebooks stores at least one figure.
FIGURES = ['20_spectrogram', '22_segment', '50_datablock', '53_learner', '60_interpret', '82_segment_check', '93_results']

def cells(nb:Path) -> list: return json.loads(nb.read_text())['cells']
def kinds(c) -> set: return {k for o in c.get('outputs', []) for k in o.get('data', {})} | {o['output_type'] for o in c.get('outputs', [])}

def test_committed_outputs_are_current():
    "Every notebook's outputs were made by its cells' current source, hold no error and name no private folder."
    bad = [p for nb in sorted(NBS.glob('*.ipynb')) for p in outputs.problems(nb)]
    assert not bad, '\n'.join(bad)

def test_notebooks_show_results():
    nbs = sorted(NBS.glob('*.ipynb'))
    shown = [nb for nb in nbs if any(c.get('outputs') for c in cells(nb))]
    assert len(shown) >= 0.9*len(nbs), sorted({nb.name for nb in nbs} - {nb.name for nb in shown})
    no_image = [n for n in FIGURES if not any('image/png' in kinds(c) for c in cells(NBS/f'{n}.ipynb'))]
    assert not no_image, f"these notebooks store no figure: {no_image}"

def test_results_tables_are_rendered():
    "The results tables are markdown outputs, not printed pipe text."
    for nb in [NBS/'index.ipynb', NBS/'93_results.ipynb']:
        echo = [c for c in cells(nb) if c['cell_type'] == 'code' and '#| echo: false' in ''.join(c['source'])]
        assert echo and all('text/markdown' in kinds(c) for c in echo), nb.name
        printed = [o for c in echo for o in c.get('outputs', []) if o['output_type'] == 'stream' and '|---' in ''.join(o['text'])]
        assert not printed, f"{nb.name} prints a table as text"

def _copy(tmp_path, name='02_progress') -> Path:
    p = tmp_path/f'{name}.ipynb'; shutil.copy(NBS/f'{name}.ipynb', p); return p

def _edit(p:Path, f):
    d = json.loads(p.read_text()); f(d['cells']); p.write_text(json.dumps(d))

def test_check_finds_a_changed_cell(tmp_path):
    "On a copy: a cell edited after its outputs were made is named (notebook, cell, first line); so are a cell never run, a stored error and a private path."
    p = _copy(tmp_path)
    assert outputs.problems(p) == []
    code = [i for i, c in enumerate(cells(p)) if c['cell_type'] == 'code' and c['metadata'].get(outputs.HASH_KEY)]
    i, j = code[-2], code[-1]
    def change(cs):
        cs[i]['source'] = ''.join(cs[i]['source']) + '\n# changed after its outputs were made'
        cs[j]['metadata'].pop(outputs.HASH_KEY)
    _edit(p, change)
    found = outputs.problems(p)
    assert any(f'02_progress.ipynb cell {i}' in f and 'source changed' in f for f in found), found
    assert any(f'cell {j}' in f and 'never run' in f for f in found), found
    q = _copy(tmp_path, '00_core')
    def private(cs):
        k = next(k for k, c in enumerate(cs) if c['cell_type'] == 'code' and c['metadata'].get(outputs.HASH_KEY))
        cs[k]['outputs'] = [dict(output_type='stream', name='stdout', text=['saved to /home/someone/runs/x\n']),
                            dict(output_type='error', ename='ValueError', evalue='bad', traceback=['ValueError: bad'])]
    _edit(q, private)
    found = outputs.problems(q)
    assert any('private folder' in f for f in found) and any('stores an error' in f for f in found), found

def test_check_fails_ci(tmp_path):
    "The command CI runs exits 1 and names the cell."
    import subprocess, sys
    p = _copy(tmp_path)
    _edit(p, lambda cs: cs.__setitem__(-1, {**cs[-1], 'source': ''.join(cs[-1]['source']) + '\n1'}))
    r = subprocess.run([sys.executable, str(ROOT/'.ci'/'outputs.py'), '--check', str(p)], capture_output=True, text=True)
    assert r.returncode == 1 and '02_progress.ipynb cell' in r.stdout and 'source changed' in r.stdout, (r.stdout, r.stderr)
