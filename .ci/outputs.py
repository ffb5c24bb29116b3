"""Run notebooks one at a time and keep their outputs in the files (what a reader on GitHub sees), skipping the cells
`nbdev_test` skips by default (the flags in settings.ini's `tst_flags`, e.g. `#| slow`, and `#| eval: false`).

    python .ci/outputs.py                       # every notebook in nbs/
    python .ci/outputs.py nbs/09_datablock.ipynb # some

Set HEARTBEAT_DATA / CIRCOR_DATA first so the real-data cells show real data. A notebook that fails is left as it
was and named; the exit code is 1. Run `nbdev_clean` afterwards (it keeps outputs)."""
import configparser, os, re, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

root = Path(__file__).resolve().parent.parent
cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini')
FLAGS = set(cfg['DEFAULT'].get('tst_flags', '').replace('|', ' ').split())

def skipped(cell) -> bool:
    "A cell `nbdev_test` would not run: markdown, a skipped flag, `eval: false`."
    if cell.cell_type != 'code': return True
    ds = {m[1] for m in re.finditer(r'^#\|\s*([\w-]+:?)', cell.source, re.M)}
    return bool(ds & FLAGS) or bool(re.search(r'^#\|\s*eval:\s*false', cell.source, re.M))

def run(nb_path:Path) -> bool:
    nb = read_nb(nb_path)
    for c in nb.cells:
        if c.cell_type == 'code': c.outputs = []
    sh = CaptureShell(nb_path)
    here = os.getcwd(); os.chdir(nb_path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=skipped)
    except Exception:
        sys.stderr.write(sh.prettytb(fname=nb_path) + '\n'); return False
    finally: os.chdir(here)
    write_nb(nb, nb_path); return True

if __name__ == '__main__':
    os.environ.setdefault('MPLBACKEND', 'Agg')
    paths = [Path(p) for p in sys.argv[1:]] or sorted((root/'nbs').glob('*.ipynb'))
    bad = []
    for p in paths:
        t = time.time(); ok = run(p.resolve())
        print(f"{'ok  ' if ok else 'FAIL'} {p.name} ({time.time()-t:.0f} s)", flush=True)
        if not ok: bad.append(p.name)
    sys.exit(1 if bad else 0)
