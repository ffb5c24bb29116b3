"""Run notebooks one at a time and keep their outputs in the files (what a reader on GitHub and the docs site sees),
skipping the cells `nbdev_test` skips by default (the flags in settings.ini's `tst_flags`, e.g. `#| slow`, and
`#| eval: false`) unless `--slow` is given. Each cell that ran records the hash of its source in its metadata
(`source_hash`), so a cell changed after its outputs were made is found by `--check`.

    python .ci/outputs.py                        # every notebook in nbs/
    python .ci/outputs.py nbs/50_datablock.ipynb # some
    python .ci/outputs.py --slow nbs/93_results.ipynb  # the slow cells too (their outputs come from a real run)
    python .ci/outputs.py --check                # exit 1 naming each notebook and cell whose outputs are stale or private

Set HEARTBEAT_DATA / CIRCOR_DATA first so the real-data cells show real data. A notebook that fails is left as it
was and named; the exit code is 1. Run `nbdev_clean` afterwards (it keeps outputs and `source_hash`)."""
import configparser, hashlib, json, os, re, sys, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini')
FLAGS = set(cfg['DEFAULT'].get('tst_flags', '').replace('|', ' ').split())
HASH_KEY = 'source_hash'
# What a machine's private folders look like in an output: a home, this machine's work folders, a temporary folder.
PRIVATE = re.compile(r'(/home/\w|/root/|/Users/\w|/work/|/tmp/\w|/private/var/|/var/folders/|[A-Z]:\\\\Users)')

def directives(src:str) -> set:
    "The `#| name` directives of a cell's source (flags such as `slow`, `eval:`)."
    return {m[1] for m in re.finditer(r'^#\|\s*([\w-]+:?)', src, re.M)}

def is_slow(src:str) -> bool: return bool(directives(src) & FLAGS)
def never_run(src:str) -> bool: return bool(re.search(r'^#\|\s*eval:\s*false', src, re.M))

def source_hash(src:str) -> str:
    "The hash a cell's outputs are stamped with: its source, as stored."
    return hashlib.sha256(src.encode()).hexdigest()[:16]

def _text(o) -> str:
    "The text of one output (streams, text/plain, markdown, html, errors); images leave nothing."
    if 'text' in o: return ''.join(o['text'])
    d = o.get('data', {})
    return ''.join(''.join(d[k]) if isinstance(d[k], list) else str(d[k]) for k in d if k.startswith('text/')) + ''.join(o.get('traceback', []))

def problems(nb_path:Path) -> list:
    "What is wrong with a notebook's stored outputs: cells that should have run but carry no hash, cells whose source changed after their outputs were made, outputs naming a private folder."
    out = []
    for i, c in enumerate(json.loads(Path(nb_path).read_text())['cells']):
        if c['cell_type'] != 'code': continue
        src, h = ''.join(c['source']), c.get('metadata', {}).get(HASH_KEY)
        where = f"{Path(nb_path).name} cell {i} ({(src.strip().splitlines() or [''])[0][:50]!r})"
        if h is None and (c.get('outputs') or not (never_run(src) or is_slow(src))):
            out.append(f"{where}: never run by .ci/outputs.py")
        elif h is not None and h != source_hash(src): out.append(f"{where}: source changed after its outputs were made")
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': out.append(f"{where}: stores an error")
            if (m := PRIVATE.search(_text(o))): out.append(f"{where}: an output names a private folder ({m[0]}...)")
    return out

def run(nb_path:Path, slow:bool=False) -> bool:
    "Run `nb_path` top to bottom (a fresh shell in its folder) and write it back with its outputs and hashes; False if a cell failed."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb = read_nb(nb_path)
    skip = lambda c: c.cell_type != 'code' or never_run(c.source) or (is_slow(c.source) and not slow)
    for c in nb.cells:
        if c.cell_type != 'code' or skip(c): continue
        c.outputs = []; c.metadata.pop(HASH_KEY, None)
    sh = CaptureShell(nb_path, mpl_format='png')
    here = os.getcwd(); os.chdir(nb_path.parent)
    try: sh.run_all(nb, exc_stop=True, preproc=skip)
    except Exception:
        sys.stderr.write(sh.prettytb(fname=nb_path) + '\n'); return False
    finally: os.chdir(here)
    for c in nb.cells:
        if not skip(c): c.metadata[HASH_KEY] = source_hash(c.source)
    write_nb(nb, nb_path); return True

if __name__ == '__main__':
    args = sys.argv[1:]; slow = '--slow' in args; check = '--check' in args
    paths = [Path(p) for p in args if not p.startswith('--')] or sorted((root/'nbs').glob('*.ipynb'))
    if check:
        bad = [p for nb in paths for p in problems(nb)]
        for b in bad: print(b)
        if bad: sys.exit(f"{len(bad)} stale or private outputs: run `python .ci/outputs.py NOTEBOOK` (README: 'Notebook outputs') and commit")
        print(f"outputs of {len(paths)} notebooks made by their cells' current source"); sys.exit(0)
    os.environ.setdefault('MPLBACKEND', 'Agg')
    bad = []
    for p in paths:
        t = time.time(); ok = run(p.resolve(), slow)
        print(f"{'ok  ' if ok else 'FAIL'} {p.name} ({time.time()-t:.0f} s)", flush=True)
        if not ok: bad.append(p.name)
    sys.exit(1 if bad else 0)
