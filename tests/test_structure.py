"The shape of the package, checked from its source: no import circles, modules of a readable size, notebooks numbered in import order."
import ast, json, re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent/'heartbeat_cls'
NBS = PKG.parent/'nbs'

def imports() -> dict:
    "{module: set of heartbeat_cls modules it imports}, from the source files."
    out = {}
    for f in PKG.glob('*.py'):
        if f.name in ('__init__.py', '_modidx.py'): continue
        deps = set()
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                m = node.module
                if node.level == 1: deps.add(m.split('.')[0])
                elif m.startswith('heartbeat_cls.'): deps.add(m.split('.')[1])
            elif isinstance(node, ast.Import):
                deps |= {a.name.split('.')[1] for a in node.names if a.name.startswith('heartbeat_cls.')}
        out[f.stem] = deps - {f.stem}
    return out

def test_no_import_circle():
    g = imports(); state = {}
    def visit(m, path):
        if state.get(m) == 'done': return
        assert state.get(m) != 'open', f"import circle: {' -> '.join(path + [m])}"
        state[m] = 'open'
        for d in sorted(g.get(m, ())): visit(d, path + [m])
        state[m] = 'done'
    for m in sorted(g): visit(m, [])

def test_nothing_imports_the_cli():
    assert [m for m, d in imports().items() if 'cli' in d] == []

def test_modules_are_readable_sizes():
    big = {f.name: n for f in PKG.glob('*.py') if f.name != '_modidx.py' and (n := len(f.read_text().splitlines())) > 330}
    assert not big, big

def test_notebooks_numbered_in_import_order():
    "A notebook only imports modules exported by notebooks numbered before it (data-flow order)."
    order = {}
    for nb in NBS.glob('[0-9]*.ipynb'):
        cells = json.loads(nb.read_text())['cells']
        m = next((re.search(r'#\| default_exp (\w+)', ''.join(c['source'])) for c in cells if '#| default_exp' in ''.join(c['source'])), None)
        if m: order[m[1]] = nb.stem
    bad = [(m, d) for m, deps in imports().items() for d in deps if d in order and m in order and order[d] >= order[m]]
    assert not bad, bad

def test_notebooks_leave_no_scratch_folders():
    "A notebook whose tests make a scratch folder (`tempfile.mkdtemp`) removes it in its last cell: `nbdev_test` leaves nothing in the temp folder (a damaged-model corpus alone is GBs)."
    leaky = []
    for nb in sorted(NBS.glob('*.ipynb')):
        code = [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
        if any('mkdtemp(' in s for s in code) and 'rmtree(' not in code[-1]: leaky.append(nb.name)
    assert not leaky, leaky
