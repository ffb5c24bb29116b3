"The shape of the package, checked from its source: stage-shaped subpackages whose imports only run downhill, no import circles, modules of a readable size, notebooks numbered in tens by stage in import order, and no reference to a notebook or function that does not exist."
import ast, json, re
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent/'heartbeat_cls'
NBS = PKG.parent/'nbs'
# The stages, bottom up: a module imports only from its own stage or those below it.
STAGES = ['core', 'machine', 'progress', 'data', 'testing', 'features', 'recipes', 'scoring', 'model', 'evaluation', 'train', 'research', 'args', 'cli']
# Each stage's notebooks: their numbers' tens (00 core, machine and progress, 10 data and its synthetic fixtures, ...; 90 the command line).
TENS = {'core': 0, 'machine': 0, 'progress': 0, 'data': 1, 'testing': 1, 'features': 2, 'recipes': 3, 'scoring': 4, 'model': 5, 'evaluation': 6,
        'train': 7, 'research': 8, 'args': 9, 'cli': 9}

def modules() -> dict:
    "{dotted module name (e.g. 'data.pascal'): its file}, every exported module of the package."
    return {'.'.join(f.relative_to(PKG).with_suffix('').parts): f for f in PKG.rglob('*.py')
            if f.name not in ('__init__.py', '_modidx.py')}

def imports() -> dict:
    "{module: set of heartbeat_cls modules it imports}, from the source files (relative imports resolved)."
    out = {}
    for m, f in modules().items():
        deps, pkg = set(), m.split('.')[:-1]
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.level: deps.add('.'.join(pkg[:len(pkg) - node.level + 1] + [node.module]))
                elif node.module.startswith('heartbeat_cls.'): deps.add(node.module[len('heartbeat_cls.'):])
            elif isinstance(node, ast.Import):
                deps |= {a.name[len('heartbeat_cls.'):] for a in node.names if a.name.startswith('heartbeat_cls.')}
        out[m] = deps - {m}
    return out

def stage(m:str) -> str: return m.split('.')[0]

def test_every_import_names_a_module():
    ms = modules()
    bad = [(m, d) for m, deps in imports().items() for d in deps if d not in ms]
    assert not bad, bad

def test_imports_run_downhill():
    "No module imports from a stage above its own (`STAGES`), and every module belongs to a stage."
    ms = modules()
    assert {stage(m) for m in ms} <= set(STAGES), {stage(m) for m in ms} - set(STAGES)
    up = [(m, d) for m, deps in imports().items() for d in deps if STAGES.index(stage(d)) > STAGES.index(stage(m))]
    assert not up, up

def test_top_level_is_stages_only():
    "The package's tree names its stages: a few ground-floor modules, the rest in one subpackage per stage."
    top = {f.stem for f in PKG.glob('*.py')} - {'__init__', '_modidx'}
    assert top == {'core', 'machine', 'progress', 'recipes', 'args', 'cli'}, top
    subs = {d.name for d in PKG.iterdir() if d.is_dir() and (d/'__init__.py').exists() and any(d.glob('*.py')) and d.name in STAGES}
    assert subs == {'data', 'testing', 'features', 'scoring', 'model', 'evaluation', 'train', 'research'}, subs
    for s in subs: assert ast.get_docstring(ast.parse((PKG/s/'__init__.py').read_text())), f"{s}/__init__.py says what the stage holds"

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
    "At most 330 lines of code and docs a module (nbdev's `# %%` cell markers and blank lines not counted: one function per export cell adds them)."
    size = lambda f: sum(1 for l in f.read_text().splitlines() if l.strip() and not l.startswith('# %%'))
    big = {m: n for m, f in modules().items() if (n := size(f)) > 330}
    assert not big, big

def exported_by() -> dict:
    "{module: the notebook (stem) that exports it}."
    order = {}
    for nb in NBS.glob('[0-9]*.ipynb'):
        for c in json.loads(nb.read_text())['cells']:
            if (m := re.search(r'#\| default_exp ([\w.]+)', ''.join(c['source']))): order[m[1]] = nb.stem; break
    return order

def test_notebooks_numbered_in_import_order():
    "A notebook only imports modules exported by notebooks numbered before it (data-flow order)."
    order = exported_by()
    bad = [(m, d) for m, deps in imports().items() for d in deps if d in order and m in order and order[d] >= order[m]]
    assert not bad, bad

def test_notebooks_numbered_in_tens_by_stage():
    "Two digits, no letter suffix; a module's notebook sits in its stage's tens; every module has its notebook."
    stems = [nb.stem for nb in NBS.glob('[0-9]*.ipynb')]
    assert all(re.fullmatch(r'\d\d_[a-z_]+', s) for s in stems), [s for s in stems if not re.fullmatch(r'\d\d_[a-z_]+', s)]
    assert len({s[:2] for s in stems}) == len(stems), "two notebooks share a number"
    order = exported_by()
    assert set(order) == set(modules()), set(modules()) ^ set(order)
    bad = {m: nb for m, nb in order.items() if int(nb[0]) != TENS[stage(m)]}
    assert not bad, bad

def _texts():
    "(where, text) of every notebook cell, test, CI script and the README."
    for nb in sorted(NBS.glob('*.ipynb')):
        for i, c in enumerate(json.loads(nb.read_text())['cells']): yield f'{nb.name} cell {i}', ''.join(c['source'])
    for f in [*sorted((PKG.parent/'tests').glob('*.py')), *sorted((PKG.parent/'.ci').glob('*')), PKG.parent/'README.md']:
        if f.is_file(): yield f.name, f.read_text()

def test_notebook_references_exist():
    "Every `NN_name` notebook named in prose, code or README exists."
    stems = {nb.stem for nb in NBS.glob('*.ipynb')}
    bad = sorted({(w, r) for w, t in _texts() for r in re.findall(r'(?<![\w/-])(\d\d[a-z]?_[a-z][a-z_]*[a-z])(?![\w-])', t) if r not in stems})
    assert not bad, bad

FILE_SUFFIXES = {'json', 'csv', 'png', 'pth', 'sha256', 'npz', 'txt', 'md', 'py', 'ipynb', 'wav', 'yml', 'yaml', 'ini', 'zip', 'gz', 'log', 'hea', 'tsv', 'pkl'}

def test_function_references_exist():
    "Every `module.name` in backticks (prose, docments, docstrings) names a module of the package and something it defines."
    ms = modules(); short = {}
    for m in ms: short.setdefault(m.split('.')[-1], []).append(m)
    def defines(m):
        t = ast.parse(ms[m].read_text())
        return {n.name for n in t.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))} | \
               {x.id for n in t.body if isinstance(n, (ast.Assign, ast.AnnAssign)) for x in ast.walk(n) if isinstance(x, ast.Name)} | \
               {a.asname or a.name for n in t.body if isinstance(n, ast.ImportFrom) for a in n.names}
    names = {m: defines(m) for m in ms}
    texts = list(_texts()) + [(m, f.read_text()) for m, f in ms.items()]
    bad = set()
    for w, t in texts:
        for mod, name in re.findall(r'`(?:heartbeat_cls\.)?((?:[a-z_]+\.)*[a-z_]+)\.([A-Za-z_]\w*)(?:\(\))?`', t):
            cands = [mod] if mod in ms else short.get(mod, [])
            if not cands or name in FILE_SUFFIXES: continue   # not one of ours (`pd.concat`, `learn.export`, `metrics.json`)
            if not any(name in names[c] for c in cands): bad.add((w, f'{mod}.{name}'))
    assert not bad, sorted(bad)

def test_notebooks_leave_no_scratch_folders():
    "A notebook whose tests make a scratch folder (`tempfile.mkdtemp`) removes it in its last cell: `nbdev_test` leaves nothing in the temp folder (a damaged-model corpus alone is GBs)."
    leaky = []
    for nb in sorted(NBS.glob('*.ipynb')):
        code = [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
        if any('mkdtemp(' in s for s in code) and 'rmtree(' not in code[-1]: leaky.append(nb.name)
    assert not leaky, leaky

def test_docs_sidebar_lists_every_notebook():
    "The docs site's sidebar (`nbs/sidebar.yml`, kept by hand: `custom_sidebar = True`) lists each notebook once, in its stage's section, and the Quarto config reads it."
    import configparser
    cfg = configparser.ConfigParser(); cfg.read(PKG.parent/'settings.ini')
    assert cfg['DEFAULT']['custom_sidebar'] == 'True'
    assert 'sidebar.yml' in (NBS/'_quarto.yml').read_text()
    listed = re.findall(r'^\s*- ([\w.]+\.ipynb)\s*$', (NBS/'sidebar.yml').read_text(), re.M)
    assert sorted(listed) == sorted(p.name for p in NBS.glob('*.ipynb')) and len(listed) == len(set(listed)), listed
    sections = re.split(r'^\s*- section:', (NBS/'sidebar.yml').read_text(), flags=re.M)[1:]
    for s in sections:
        assert len({n[0] for n in re.findall(r'- (\d\d_[\w]+)\.ipynb', s)}) == 1, f"a sidebar section mixes stages: {s[:60]}"

def _code_cells(nb:Path) -> list:
    return [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']

def test_each_function_tested_right_after():
    "The fastcore rhythm: the code cell after each exported public function or class exercises it (names it), so a reader sees what it does where it is defined."
    bad = []
    for nb in sorted(NBS.glob('*.ipynb')):
        cells = _code_cells(nb)
        for src, nxt in zip(cells, cells[1:] + ['']):
            if not re.search(r'^#\|\s*export', src, re.M): continue
            names = [n for n in re.findall(r'^(?:def|class)\s+(\w+)', src, re.M) if not n.startswith('_')]
            if names and (re.search(r'^#\|\s*export', nxt, re.M) or not any(re.search(rf'\b{n}\b', nxt) for n in names)):
                bad.append(f"{nb.name}: {names[0]}")
    assert not bad, f"exported functions whose next code cell does not test them: {bad}"

def test_one_function_per_export_cell():
    "Each export cell defines at most one public function or class (constants may sit beside it)."
    bad = [f"{nb.name}: {names}" for nb in sorted(NBS.glob('*.ipynb')) for src in _code_cells(nb)
           if re.search(r'^#\|\s*export', src, re.M) and len(names := [n for n in re.findall(r'^(?:def|class)\s+(\w+)', src, re.M) if not n.startswith('_')]) > 1]
    assert not bad, bad
