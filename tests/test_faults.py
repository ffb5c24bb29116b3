"Faults nobody had tried (issue 25): a disk that fills up during spectrograms, train, cv, evaluate and download; kill -9 at random moments of evaluate and download. Each command stops with one line, leaves nothing half-written where the loaders look, and a second run (after space is freed, or with --resume) finishes."
import json, os, random, shlex, shutil, signal, subprocess, time
from pathlib import Path
import pytest
from conftest import cli, EXE
from heartbeat_cls.core import png_complete

def _can_mount() -> bool:
    "Whether this machine lets a test mount a small tmpfs in a private mount namespace (`unshare -rm`: Linux, user namespaces)."
    if not shutil.which('unshare'): return False
    r = subprocess.run(['unshare', '-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"'], capture_output=True)
    return r.returncode == 0

small_disk = pytest.mark.skipif(not _can_mount(), reason="a full disk is simulated with a small tmpfs in a private mount namespace (unshare -rm), which this machine does not allow")

def du(folder:Path) -> int:
    "Bytes of the files under `folder`."
    return sum(p.stat().st_size for p in Path(folder).rglob('*') if p.is_file())

def on_small_disk(disk:Path, kb:int, steps:list, out:Path, env:dict|None=None) -> list:
    """Run the console script once per step (an argument list) in a private mount namespace where `disk` is a tmpfs of `kb` KiB,
    growing it to 4 GiB before the second step (space freed); after each step `disk`'s files are copied to `out/<i>`.
    Returns per step (returncode, stdout, stderr, the copy of the disk)."""
    disk.mkdir(parents=True, exist_ok=True); out.mkdir(parents=True, exist_ok=True)
    lines = ['set -u', f'mount -t tmpfs -o size={kb}k tmpfs {shlex.quote(str(disk))} || exit 99']
    for i, args in enumerate(steps):
        if i: lines.append(f'mount -o remount,size=4g {shlex.quote(str(disk))}')
        o = out/str(i); o.mkdir()
        lines += [f"{shlex.join([EXE, *map(str, args)])} > {o}.out 2> {o}.err; echo $? > {o}.rc",
                  f"cp -a {shlex.quote(str(disk))}/. {o}/"]
    (out/'steps.sh').write_text('\n'.join(lines) + '\n')
    r = subprocess.run(['unshare', '-rm', 'bash', str(out/'steps.sh')], env={**os.environ, **(env or {})}, timeout=1200, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    return [(int((out/f'{i}.rc').read_text()), (out/f'{i}.out').read_text(), (out/f'{i}.err').read_text(), out/str(i)) for i in range(len(steps))]

def one_line_about_space(rc:int, err:str, disk:Path):
    "The command stopped with exit code 2 and one error line (its last, after any progress lines) that names a path on the full disk and says what to do."
    lines = err.strip().splitlines(); msg = lines[-1] if lines else ''
    assert rc == 2 and [l for l in lines if 'error' in l] == [msg] and 'Traceback' not in err, (rc, err)
    assert 'no space left on the device' in msg and str(disk) in msg and 'free some space' in msg and '.tmp' not in msg and '.partial-' not in msg, msg

def no_temporary_files(copy:Path):
    left = [p for p in copy.rglob('*') if '.tmp' in p.name or '.partial-' in p.name]
    assert not left, left

@small_disk
def test_full_disk_during_spectrograms(data, tmp_path):
    "The cache's disk fills up: one line, every image in the cache complete, and the same command afterwards makes only the rest."
    args = ['spectrograms', '--data', data, '--cache', tmp_path/'disk'/'cache', '--workers', '0', '--all']
    r = cli(*args[:4], tmp_path/'full', *args[5:]); assert r.returncode == 0, r.stderr
    need = du(tmp_path/'full')
    (rc, _, err, copy), (rc2, out2, err2, copy2) = on_small_disk(tmp_path/'disk', need//2//1024, [args, args], tmp_path/'out')
    one_line_about_space(rc, err, tmp_path/'disk'); no_temporary_files(copy)
    pngs = list(copy.rglob('*.png')); assert 0 < len(pngs) < 17 and all(png_complete(p) for p in pngs), pngs
    assert rc2 == 0 and out2.startswith(f"17 recordings: {17 - len(pngs)} made, {len(pngs)} cached"), out2 + err2

TINY = ['--no-pretrained', '--arch', 'resnet18', '--size', '48', '--bs', '5', '--lr', '1e-3', '--workers', '0']

@small_disk
def test_full_disk_during_train_then_resume(data, tmp_path):
    "The runs' disk fills up while the second epoch saves its checkpoint: one line, the run marked failed with no model, and train --resume finishes it."
    cache = tmp_path/'cache'
    r = cli('train', '--data', data, '--cache', cache, '--runs', tmp_path/'full', '--name', 'r', '--epochs', '2', '--keep-checkpoints', *TINY)
    assert r.returncode == 0, r.stderr[-2000:]
    ck = tmp_path/'full'/'r'/'checkpoints'; last, best = (ck/'last-1.pth').stat().st_size, (ck/'best.pth').stat().st_size
    kb = (last + best + du(tmp_path/'full'/'r') - du(ck) - du(tmp_path/'full'/'r'/'model') + last//2) // 1024   # room for epoch 0's checkpoints, not epoch 1's
    run = tmp_path/'disk'/'runs'/'r'
    (rc, _, err, copy), (rc2, out2, err2, copy2) = on_small_disk(tmp_path/'disk', kb, [
        ['train', '--data', data, '--cache', cache, '--runs', tmp_path/'disk'/'runs', '--name', 'r', '--epochs', '2', *TINY],
        ['train', '--resume', run, '--workers', '0']], tmp_path/'out')
    one_line_about_space(rc, err, tmp_path/'disk'); no_temporary_files(copy)
    assert err.strip().endswith(f"to continue the run it stopped instead: heartbeat-cls train --resume {run}"), err
    info = json.loads((copy/'runs'/'r'/'run.json').read_text())
    assert info['status'] == 'failed' and 'No space left' in info['error'] and not (copy/'runs'/'r'/'model').exists(), info
    assert json.loads((copy/'runs'/'r'/'checkpoints'/'progress.json').read_text())['epoch'] == 0
    assert rc2 == 0, err2[-2000:]
    assert json.loads((copy2/'runs'/'r'/'metrics.json').read_text())['resumed_at_epoch'] == 1
    assert json.loads((copy2/'runs'/'r'/'run.json').read_text())['status'] == 'finished' and (copy2/'runs'/'r'/'model'/'model.pth').exists()

def finished_runs(runs:Path) -> list:
    "The run folders a reader sees in `runs` (hidden work folders are not among them); each must be complete."
    out = sorted(p for p in runs.iterdir() if not p.name.startswith('.')) if runs.exists() else []
    for p in out:
        assert (p/'metrics.json').exists() and json.loads((p/'run.json').read_text())['status'] == 'finished', sorted(f.name for f in p.iterdir())
    return out

@small_disk
def test_full_disk_during_evaluate(run, data, tmp_path):
    "The disk fills up while evaluate writes its results: one line, no run folder anywhere (not even a hidden one), and the same command afterwards writes it whole."
    folder, _ = run
    r = cli('evaluate', folder, '--data', data, '--runs', tmp_path/'full', '--name', 'e'); assert r.returncode == 0, r.stderr[-2000:]
    args = ['evaluate', folder, '--data', data, '--runs', tmp_path/'disk'/'runs', '--name', 'e']
    (rc, _, err, copy), (rc2, out2, err2, copy2) = on_small_disk(tmp_path/'disk', du(tmp_path/'full')//2//1024, [args, args], tmp_path/'out')
    one_line_about_space(rc, err, tmp_path/'disk'); no_temporary_files(copy)
    assert list((copy/'runs').iterdir()) == [], list((copy/'runs').iterdir())
    assert rc2 == 0, err2[-2000:]
    assert [p.name for p in finished_runs(copy2/'runs')] == ['e'] and not list((copy2/'runs').glob('.*'))

def kill_at_random(args:list, lo:float, hi:float, rng, env=None) -> int:
    "Start the console script, kill -9 its process group after between `lo` and `hi` seconds; its return code (-9 if it was killed)."
    p = subprocess.Popen([EXE, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env={**os.environ, **(env or {})})
    try: p.wait(rng.uniform(lo, hi))
    except subprocess.TimeoutExpired: os.killpg(p.pid, signal.SIGKILL)
    return p.wait()

def test_evaluate_killed_at_random_moments(run, data, tmp_path):
    "kill -9 anywhere in evaluate, again and again: the runs folder never shows a partial run folder, and the next evaluate cleans up and finishes."
    folder, _ = run
    took = []
    for name in ('e1', 'e2'):                      # the quicker of two: the first may also warm caches
        t = time.time(); r = cli('evaluate', folder, '--data', data, '--runs', tmp_path/'ref', '--name', name); took.append(time.time() - t)
        assert r.returncode == 0, r.stderr[-2000:]
    rng, runs, killed, took = random.Random(0), tmp_path/'runs', 0, min(took)
    for i in range(8):                             # anywhere, most often near the end, where the results are written
        killed += kill_at_random(['evaluate', folder, '--data', data, '--runs', runs, '--name', f'e{i}'], 0.3*took, 1.05*took, rng) == -signal.SIGKILL
        finished_runs(runs)                        # whatever is visible is whole
    assert killed >= 3, killed                     # most runs were cut short somewhere
    r = cli('evaluate', folder, '--data', data, '--runs', runs, '--name', 'last'); assert r.returncode == 0, r.stderr[-2000:]
    assert 'last' in [p.name for p in finished_runs(runs)] and not list(runs.glob('.*')), list(runs.glob('.*'))   # the killed ones' work folders are gone

from heartbeat_cls.data.pascal import real_data
from test_download import serve, zip_of, clean_env
needs_pascal = pytest.mark.skipif(real_data() is None, reason='needs the real PASCAL files to serve (their checksums are shipped)')

@pytest.fixture(scope='module')
def pascal_url():
    "The real PASCAL files as one archive, served over HTTP from 127.0.0.1: (its URL, its size in bytes)."
    z = zip_of(real_data(), 'heartbeat-sounds-main/heartbeat-sounds')
    return serve({'/heartbeat-sounds.zip': z}) + '/heartbeat-sounds.zip', len(z)

@needs_pascal
@small_disk
def test_full_disk_during_download(pascal_url, tmp_path):
    "The disk fills up while the archive is unpacked: one line naming the folder, nothing left in it, and the same command afterwards downloads it whole."
    url, size = pascal_url
    args = ['download', 'pascal', '--url', url, '--to', tmp_path/'disk']
    (rc, _, err, copy), (rc2, out2, err2, copy2) = on_small_disk(tmp_path/'disk', int(size*1.4)//1024, [args, args], tmp_path/'out', env=clean_env(tmp_path))
    one_line_about_space(rc, err, tmp_path/'disk')
    assert list(copy.iterdir()) == [], list(copy.iterdir())
    assert rc2 == 0 and out2.strip() == str(tmp_path/'disk'/'heartbeat-sounds'), out2 + err2[-2000:]
    r = cli('download', 'pascal', '--verify', '--to', copy2, env=clean_env(tmp_path), fresh=True)
    assert r.returncode == 0 and 'all 835 files match their checksums' in r.stdout, r.stdout + r.stderr

@needs_pascal
def test_download_killed_at_random_moments_and_its_progress_on_a_log(pascal_url, tmp_path):
    "kill -9 anywhere in a download, again and again: the dataset folder is never there unless whole; the next download cleans up, finishes, and on a log says n/N MB and the files unpacked."
    url, _ = pascal_url
    args, env = ['download', 'pascal', '--url', url, '--to', tmp_path/'data'], clean_env(tmp_path)
    t = time.time(); r = cli(*args[:-1], tmp_path/'ref', env=env, fresh=True); took = time.time() - t
    assert r.returncode == 0, r.stderr[-2000:]
    rng, target, killed = random.Random(0), tmp_path/'data'/'heartbeat-sounds', 0
    for i in range(6):
        killed += kill_at_random(args, 0, took, rng, env) == -signal.SIGKILL
        if target.exists():                          # only ever whole
            r = cli('download', 'pascal', '--verify', '--to', tmp_path/'data', env=env, fresh=True)
            assert r.returncode == 0, r.stdout + r.stderr
            shutil.rmtree(target)
    assert killed >= 3, killed
    r = cli(*args, env={**env, 'HEARTBEAT_PROGRESS_SECONDS': '0'}, fresh=True)
    assert r.returncode == 0 and r.stdout.strip() == str(target), r.stdout + r.stderr[-2000:]
    assert [p.name for p in (tmp_path/'data').iterdir()] == ['heartbeat-sounds']      # the killed downloads' work folders are gone
    lines = r.stderr.splitlines()
    assert any(l.startswith('heartbeat-sounds.zip ') and ' MB (' in l and 'left)' in l for l in lines), lines[:5]
    assert any(l.startswith('pascal: unpacking ') and 'left)' in l for l in lines), lines[-5:]

@small_disk
def test_full_disk_during_cv_then_resume(data, tmp_path):
    "The disk fills up as the second fold saves its network: one line, the run marked failed with its first fold kept, and cv --resume finishes it as if it had never stopped."
    cv = ['cv', '--data', data, '--cache', tmp_path/'cache', '--recipe', 'blog', '--splitter', 'grouped', '--folds', '3', '--ensemble', 'folds', '--epochs', '1', *TINY]
    r = cli(*cv, '--runs', tmp_path/'full', '--name', 'c'); assert r.returncode == 0, r.stderr[-2000:]
    full = tmp_path/'full'/'c'; member = (full/'model'/'model.pth').stat().st_size // 3
    kb = (du(full) - du(full/'model') + member*3//2) // 1024                   # room for fold 0's network, not fold 1's
    run = tmp_path/'disk'/'runs'/'c'
    (rc, _, err, copy), (rc2, out2, err2, copy2) = on_small_disk(tmp_path/'disk', kb, [
        [*cv, '--runs', tmp_path/'disk'/'runs', '--name', 'c'], ['cv', '--resume', run, '--workers', '0']], tmp_path/'out')
    one_line_about_space(rc, err, tmp_path/'disk'); no_temporary_files(copy)
    assert err.strip().endswith(f"to continue the run it stopped instead: heartbeat-cls cv --resume {run}"), err
    info = json.loads((copy/'runs'/'c'/'run.json').read_text())
    assert info['status'] == 'failed' and 'No space left' in info['error'] and not (copy/'runs'/'c'/'metrics.json').exists(), info
    assert sorted(p.name for p in (copy/'runs'/'c'/'checkpoints').iterdir()) == ['fold-0.json', 'fold-0.pth']
    assert rc2 == 0, err2[-2000:]
    assert f"resuming {run}: fold(s) [0] of 3 done before" in err2 + out2, err2[-2000:]
    import pandas as pd
    pd.testing.assert_frame_equal(pd.read_csv(copy2/'runs'/'c'/'predictions.csv'), pd.read_csv(full/'predictions.csv'))   # as if it never stopped
    assert json.loads((copy2/'runs'/'c'/'run.json').read_text())['status'] == 'finished' and (copy2/'runs'/'c'/'model'/'model.json').exists()
