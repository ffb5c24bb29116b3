"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing quarto).
Markdown cells are copied; code cells become python blocks; cells starting with `#| hide` are left out; a code cell
with `#| echo: false` contributes its stored output instead of its code (the results tables, rendered as markdown
from the committed result files). `python .ci/readme.py --check` exits 1 if README.md is out of date;
`python .ci/readme.py --tables` first re-runs index.ipynb and the results notebook (`.ci/outputs.py`: the tables are
made again from the result files and stored as the cells' outputs), then writes README.md."""
import json, os, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def output_text(outputs:list) -> str:
    "The markdown a cell showed (`text/markdown` displays) and any text it printed, in order, as one markdown text."
    parts = []
    for o in outputs:
        if o.get('output_type') == 'stream': parts.append(''.join(o.get('text', '')))
        elif 'text/markdown' in o.get('data', {}):
            md = o['data']['text/markdown']; parts.append(''.join(md) if isinstance(md, list) else md)
    return '\n\n'.join(p.strip() for p in parts if p.strip())

def cell_output(c) -> str:
    "What a code cell showed, as stored in the notebook (`output_text`)."
    return output_text(c.get('outputs', []))

def run_cell(src:str) -> str:
    "What a cell shows when run now from nbs/ (as the notebooks run), as `output_text` reads it."
    from execnb.shell import CaptureShell
    here = os.getcwd(); os.chdir(root/'nbs')
    try:
        sh = CaptureShell(); out = sh.run(src)
        if sh.exc: raise RuntimeError(f"the cell failed: {sh.exc}")
        return output_text(out)
    finally: os.chdir(here)

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

if __name__ == '__main__':
    if '--tables' in sys.argv:
        import subprocess
        nbs = [root/'nbs'/'index.ipynb', *sorted((root/'nbs').glob('*results*.ipynb'))]
        subprocess.run([sys.executable, str(root/'.ci'/'outputs.py'), *map(str, nbs)], check=True)
    text = render()
    if '--check' in sys.argv:
        if (root/'README.md').read_text() != text: sys.exit("README.md is out of date: run python .ci/readme.py")
    else: (root/'README.md').write_text(text)
