"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing quarto).
Markdown cells are copied; code cells become python blocks; cells starting with `#| hide` are left out; a code cell
with `#| echo: false` contributes its printed output instead of its code (the results tables, printed from the
committed result files). `python .ci/readme.py --check` exits 1 if README.md is out of date."""
import json, sys
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

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        if (root/'README.md').read_text() != text: sys.exit("README.md is out of date: run python .ci/readme.py")
    else: (root/'README.md').write_text(text)
