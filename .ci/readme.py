"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing quarto).
Markdown cells are copied; code cells become python blocks; cells starting with `#| hide` are left out; a code cell
with `#| echo: false` contributes its printed output instead of its code (the results tables, printed from the
committed result files). `python .ci/readme.py --check` exits 1 if README.md is out of date;
`python .ci/readme.py --tables` first re-prints every `#| echo: false` cell of index.ipynb and the results notebooks
from the result files (stored as the cells' outputs), then writes README.md."""
import contextlib, io, json, os, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def cell_output(c) -> str:
    "The text a code cell printed (stream outputs), as stored in the notebook."
    return ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []) if o.get('output_type') == 'stream').strip()

def render() -> str:
    nb = json.loads((root/'nbs'/'index.ipynb').read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown': out.append(src)
        elif '#| echo: false' in src:
            text = cell_output(c)
            if text: out.append(text)
        else: out.append(f"```python\n{src}\n```")
    return '<!-- generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(out) + '\n'

def refresh_tables(nb:Path):
    "Run each `#| echo: false` cell of `nb` (from nbs/, as the notebook does) and store what it prints as its output."
    d = json.loads(nb.read_text())
    for c in d['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code' or '#| echo: false' not in src: continue
        here = os.getcwd(); os.chdir(root/'nbs')
        try:
            with contextlib.redirect_stdout(io.StringIO()) as out: exec(src, {})
        finally: os.chdir(here)
        c['outputs'] = [dict(name='stdout', output_type='stream', text=out.getvalue().splitlines(keepends=True))]
    nb.write_text(json.dumps(d, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__':
    if '--tables' in sys.argv:
        for nb in [root/'nbs'/'index.ipynb', *sorted((root/'nbs').glob('*results*.ipynb'))]: refresh_tables(nb)
    text = render()
    if '--check' in sys.argv:
        if (root/'README.md').read_text() != text: sys.exit("README.md is out of date: run python .ci/readme.py")
    else: (root/'README.md').write_text(text)
