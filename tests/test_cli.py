"End-to-end tests of the installed `heartbeat-cls` console script on synthetic data."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from heartbeat_cls.testing.synth import make_synthetic_dataset
from conftest import cli, EXE

def test_train_writes_run_folder(run):
    folder, r = run
    for f in ['config.json', 'versions.json', 'metrics.json', 'history.csv', 'spectrograms.png', 'confusion_matrix.png',
              'top_losses.png', 'model/model.pth', 'model/model.json']:
        assert (folder/f).stat().st_size > 0, f
    m = json.loads((folder/'metrics.json').read_text())
    assert m['n_train'] + m['n_valid'] == 15 and m['n_valid'] == 4
    assert sum(map(sum, m['confusion_matrix'])) == m['n_valid']
    assert 0 <= m['balanced_accuracy'] <= 1 and m['majority_class'] in m['vocab']
    cfg = json.loads((folder/'config.json').read_text())
    assert cfg['pretrained'] is False and cfg['size'] == 48 and cfg['spec']['sr'] == 4000
    assert 'balanced accuracy' in r.stdout and 'majority' in r.stdout

def test_predict_file_and_folder(run, data):
    folder, _ = run
    wav = next((data/'set_b').glob('murmur__*.wav'))
    r = cli('predict', folder/'model', wav)
    assert r.returncode == 0, r.stderr
    path, label, probs, *mark = r.stdout.strip().split('\t')
    assert path == str(wav) and label in ('extrastole', 'murmur', 'normal') and mark in ([], ['(trained on it)'])
    assert abs(sum(float(p.split('=')[1]) for p in probs.split()) - 1) < 0.01
    r = cli('predict', folder, data/'set_b', '--json')
    assert r.returncode == 0, r.stderr
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert len(rows) == 17 and all(abs(sum(o['probs'].values()) - 1) < 1e-4 for o in rows)

def test_predict_reports_bad_file(run, tmp_path):
    folder, _ = run
    bad = tmp_path/'bad.wav'; bad.write_bytes(b'RIFF\x00\x00\x00\x00WAVE')
    r = cli('predict', folder/'model', bad)
    assert r.returncode == 1 and 'bad.wav' in r.stderr and 'Traceback' not in r.stderr

def test_spectrograms_command(data, tmp_path):
    r = cli('spectrograms', '--data', data, '--cache', tmp_path/'c', '--workers', '0', '--all')
    assert r.returncode == 0, r.stderr
    assert '17 recordings: 17 made' in r.stdout
    r = cli('spectrograms', '--data', data, '--cache', tmp_path/'c', '--workers', '0', '--all')
    assert '17 recordings: 17 cached' in r.stdout

def test_missing_data_is_a_clear_error(tmp_path):
    r = cli('train', '--no-pretrained', cwd=tmp_path, env={'HEARTBEAT_DATA': str(tmp_path/'nowhere')})
    assert r.returncode == 2 and 'heartbeat-cls: error: Dataset folder' in r.stderr and 'Traceback' not in r.stderr
    assert not (tmp_path/'runs').exists()   # no empty run folder left behind

def test_missing_model_is_a_clear_error(tmp_path, data):
    r = cli('predict', tmp_path, next((data/'set_b').glob('*.wav')))
    assert r.returncode == 2 and 'model.json not found' in r.stderr

def test_bad_files_are_skipped_and_reported(data, tmp_path):
    "Training on a folder with bad recordings: the good ones train, the bad ones are listed, exit code 1."
    import shutil, soundfile as sf, numpy as np
    d = tmp_path/'data'; shutil.copytree(data, d)
    empty, silent = sorted((d/'set_b').glob('normal__*.wav'))[0], sorted((d/'set_b').glob('murmur__*.wav'))[0]
    empty.write_bytes(b'')                                                                 # listed in the csv, empty
    sf.write(silent, np.zeros(8000, np.float32), 4000)                                     # listed, digital silence
    (d/'set_b'/'normal__999_1305000999000_A.wav').write_bytes(b'no row for me')           # not in the csv
    r = cli('train', '--data', d, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--name', 'bad', '--no-pretrained',
            '--arch', 'resnet18', '--size', '32', '--bs', '5', '--epochs', '1', '--lr', '1e-3', '--workers', '0')
    assert r.returncode == 1, r.stderr[-2000:]
    assert 'Traceback' not in r.stderr
    s = json.loads((tmp_path/'runs'/'bad'/'summary.json').read_text())
    files = {Path(p['file']).name: p['problem'] for p in s['problems']}
    assert files[empty.name].startswith('cannot read the audio header')
    assert 'digital silence' in files[silent.name]
    assert 'not listed in set_b.csv' in files['normal__999_1305000999000_A.wav']
    assert s['processed'] == 13 and s['skipped'] == 3
    assert (tmp_path/'runs'/'bad'/'metrics.json').exists()          # the good files were still used

def test_predict_folder_summary(run, data, tmp_path):
    import shutil
    folder, _ = run
    d = tmp_path/'mixed'; d.mkdir()
    for w in sorted((data/'set_b').glob('*.wav'))[:3]: shutil.copy(w, d)
    (d/'zero.wav').write_bytes(b''); (d/'text.wav').write_text('hello')
    r = cli('predict', folder, d, '--summary', tmp_path/'s.json')
    assert r.returncode == 1 and len(r.stdout.splitlines()) == 3
    assert '3 recordings processed, 2 skipped' in r.stderr and 'zero.wav: empty file' in r.stderr
    s = json.loads((tmp_path/'s.json').read_text())
    assert s['processed'] == 3 and {Path(p['file']).name for p in s['problems']} == {'zero.wav', 'text.wav'}

def test_interrupted_training_resumes(data, tmp_path):
    "Kill `train` after its first epoch; --resume trains only the remaining epochs and completes the run folder."
    import signal, time
    args = ['train', '--data', data, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--name', 'r', '--no-pretrained',
            '--arch', 'resnet18', '--size', '48', '--bs', '5', '--epochs', '4', '--lr', '1e-3', '--workers', '0']
    p = subprocess.Popen([EXE, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    prog = tmp_path/'runs'/'r'/'checkpoints'/'progress.json'
    t = time.time()
    while not prog.exists() and p.poll() is None and time.time()-t < 300: time.sleep(0.02)
    p.send_signal(signal.SIGKILL); p.wait()
    run = tmp_path/'runs'/'r'
    assert not (run/'metrics.json').exists()
    done = json.loads(prog.read_text())['epoch']
    assert done < 3, 'the run finished before it could be interrupted'
    r = cli('train', '--resume', run)
    assert r.returncode == 0, r.stderr[-2000:]
    assert f'resuming {run} at epoch {done+1} of 4' in r.stdout
    import pandas as pd
    assert pd.read_csv(run/'history.csv').epoch.tolist() == [0, 1, 2, 3]   # one row per epoch, wherever the kill fell
    m = json.loads((run/'metrics.json').read_text())
    assert m['resumed_at_epoch'] == done + 1 and len(m['fit']['history']) == 4 - (done + 1)
    assert not (run/'checkpoints').exists()          # a finished run drops its resume checkpoints
    r = cli('train', '--resume', run)
    assert r.returncode == 2 and 'is complete' in r.stderr

def test_interrupted_spectrograms_leave_no_partial_image(data, tmp_path):
    "Kill `spectrograms` part-way: every image present is complete; a rerun makes only the missing ones."
    import signal, time, shutil, soundfile as sf
    from heartbeat_cls.testing.synth import make_synthetic_dataset
    from heartbeat_cls.features.spectrogram import png_complete
    d = make_synthetic_dataset(tmp_path/'big', 40, n_unlabelled=0, min_dur=20, max_dur=28)
    p = subprocess.Popen([EXE, 'spectrograms', '--data', str(d), '--cache', str(tmp_path/'c'), '--workers', '2'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    t = time.time()
    while p.poll() is None and len(list((tmp_path/'c').rglob('*.png'))) < 10 and time.time()-t < 120: time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL); p.wait()     # the whole process group, workers included (as Ctrl-C or a crash would)
    time.sleep(0.5)
    pngs = [f for f in (tmp_path/'c').rglob('*.png') if not f.name.startswith('.')]
    assert 0 < len(pngs) < 120, len(pngs)
    assert all(png_complete(f) for f in pngs)
    r = cli('spectrograms', '--data', d, '--cache', tmp_path/'c', '--workers', '2')
    assert r.returncode == 0, r.stderr
    assert f'120 recordings: {120-len(pngs)} made, {len(pngs)} cached' in r.stdout or f'{len(pngs)} cached, {120-len(pngs)} made' in r.stdout, r.stdout
    assert not list((tmp_path/'c').rglob('.*tmp*'))

def test_pickle_needs_trust(run, data, tmp_path):
    import pickle
    class_src = "import pathlib\nclass Evil:\n    def __reduce__(self): return (pathlib.Path.touch, (pathlib.Path(%r),))\n" % str(tmp_path/'PWNED')
    ns = {}; exec(class_src, ns)
    (tmp_path/'m').mkdir()
    with open(tmp_path/'m'/'export.pkl', 'wb') as f: pickle.dump(ns['Evil'](), f)
    wav = next((data/'set_b').glob('*.wav'))
    r = cli('predict', tmp_path/'m', wav)
    assert r.returncode == 2 and 'is a pickle' in r.stderr and '--trust-pickle' in r.stderr
    assert not (tmp_path/'PWNED').exists()

def test_train_default_is_the_recipe_cv_measures(data, tmp_path):
    "`train --recipe default` writes the config `cv` writes (same switches), field by field, and runs no lr_find."
    sw = ['--data', data, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--workers', '0', '--epochs', '1', '--window', '1', '--bs', '8']
    r = cli('train', '--recipe', 'default', '--name', 't', *sw)
    assert r.returncode == 0, r.stderr[-2000:]
    r = cli('cv', '--name', 'c', '--only-folds', '0', *sw)
    assert r.returncode == 0, r.stderr[-2000:]
    t, c = (json.loads((tmp_path/'runs'/n/'config.json').read_text()) for n in ('t', 'c'))
    assert set(t) == set(c) and {k for k in t if t[k] != c[k]} == {'only_folds'}, {k: (t[k], c[k]) for k in t if t[k] != c[k]}
    assert t['lr'] == 2e-3 and not (tmp_path/'runs'/'t'/'lr_find.png').exists()
    assert not (tmp_path/'runs'/'t'/'checkpoints').exists()

def test_help_is_quiet():
    r = cli('--help')
    assert r.returncode == 0 and r.stderr == '' and 'train' in r.stdout
    r = cli('train', '--help')
    assert r.returncode == 0 and r.stderr == '' and "(default recipe: efficientnet_lite0; blog: resnet34)" in ' '.join(r.stdout.split())

def test_circor_recipe_trains_the_fold_ensemble(tmp_path):
    "`train --recipe circor` trains every fold (its model is their ensemble, with the decision learnt on their out-of-fold predictions); `evaluate` and `results --decision` use it."
    from heartbeat_cls.testing.circor_synth import make_synthetic_circor
    cir, other = make_synthetic_circor(tmp_path/'circor', 16), make_synthetic_circor(tmp_path/'other', 8, seed=5)
    small = ['--arch', 'resnet18', '--no-pretrained', '--size', '32', '64', '--bs', '8', '--epochs', '1', '--folds', '2',
             '--window', '1', '--window-hop', '1', '--feature-weight', '0', '--workers', '0', '--cache', tmp_path/'cache', '--runs', tmp_path/'runs']
    r = cli('train', '--recipe', 'circor', '--data', cir, '--name', 'ens', '--fold', 'all', *small)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'ensemble of its 2 fold models' in r.stdout and "patients' weighted accuracy" in r.stdout
    run = tmp_path/'runs'/'ens'
    meta = json.loads((run/'model'/'model.json').read_text())
    assert meta['members'] == 2 and meta['decision_model']['classes'] == ['Present', 'Unknown', 'Absent']
    assert len(json.loads((run/'training_patients.json').read_text())) == 16
    r = cli('evaluate', run, '--dataset', 'circor', '--data', cir, '--runs', tmp_path/'runs')       # every patient trained on: nothing left
    assert r.returncode == 2 and 'recordings or patients it trained on' in r.stderr and 'Traceback' not in r.stderr
    r = cli('evaluate', run/'model', '--dataset', 'circor', '--data', other, '--runs', tmp_path/'runs', '--name', 'ev')
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads((tmp_path/'runs'/'ev'/'metrics.json').read_text())['patient']['n'] == 8
    for rule in ('learnt', 'max'):
        r = cli('results', run, '--name', f'r-{rule}', '--decision', rule, '--out', tmp_path/'results')
        assert r.returncode == 0, r.stderr[-3000:]
        rec = json.loads((tmp_path/'results'/f'r-{rule}.json').read_text())
        assert rec['config']['decision'] == rule and 0 <= rec['parts']['fused']['mean']['patient_weighted_accuracy'] <= 1

def test_help_says_which_recipe_runs_by_default():
    "Issue 25: `train --help` and `cv --help` say which recipe runs without --recipe, and what it needs."
    t, c = (' '.join(cli(cmd, '--help').stdout.split()) for cmd in ('train', 'cv'))
    assert "Without --recipe, train runs the blog's recipe: ResNet-34" in t and 'the first run needs the internet, or --no-pretrained' in t, t[:600]
    assert "Without --recipe, cv runs the project's recipe (EfficientNet-Lite0" in c and 'nothing is downloaded' in c, c[:600]

def test_file_system_errors_are_sentences_naming_the_path(run, data, tmp_path):
    "Issue 25: an unwritable --summary names the file asked for (not a hidden temporary one) and no raw Errno; `download --to FILE` says it wants a folder."
    folder, _ = run
    wav = next((data/'set_b').glob('*.wav'))
    r = cli('predict', folder, wav, '--summary', tmp_path/'no'/'such'/'s.json')
    msg = r.stderr.strip().splitlines()[-1]
    assert r.returncode == 2 and msg == f"heartbeat-cls: error: {tmp_path/'no'/'such'/'s.json'}: not found", r.stderr
    assert len(r.stdout.splitlines()) == 1                      # the prediction itself was printed before: nothing computed is lost
    (tmp_path/'afile').write_text('x')
    r = cli('download', 'pascal', '--to', tmp_path/'afile')
    assert r.returncode == 2 and 'Errno' not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert f"{tmp_path/'afile'} is a file: the dataset goes into a folder" in r.stderr, r.stderr

def test_unexpected_errors_name_the_command_and_torch_mismatch_is_explained(monkeypatch, capsys):
    "Issue 25: an unexpected error prints its type, the command and the --debug hint; torchvision's missing operators are told as a torch/torchvision mismatch, with the fix."
    from heartbeat_cls import cli as C
    def boom(msg, kind):
        def f(a): raise kind(msg)
        return f
    monkeypatch.setitem(C.COMMANDS, 'table', boom('mean', KeyError))
    assert C.main(['table', 'x']) == 2
    err = capsys.readouterr().err.strip()
    assert err == "heartbeat-cls: error: KeyError: 'mean' (an unexpected error in heartbeat-cls table: run again with --debug for the traceback)", err
    monkeypatch.setitem(C.COMMANDS, 'table', boom('operator torchvision::nms does not exist', RuntimeError))
    assert C.main(['table', 'x']) == 2
    err = capsys.readouterr().err.strip()
    assert 'do not belong together' in err and 'pip install --force-reinstall torch==' in err and len(err.splitlines()) == 1, err

def test_blog_recipe_without_its_weights_stops_before_any_work(data, tmp_path):
    "Issue 25: offline, the blog's recipe says in one line (command-line words) that its ImageNet weights cannot be had, before making any image or run folder."
    offline = {'TORCH_HOME': str(tmp_path/'torch'), 'https_proxy': 'http://127.0.0.1:9', 'HTTPS_PROXY': 'http://127.0.0.1:9', 'no_proxy': '', 'NO_PROXY': ''}
    r = cli('train', '--data', data, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--name', 'b', '--workers', '0', env=offline)
    msg = r.stderr.strip()
    assert r.returncode == 2 and len(msg.splitlines()) == 1, msg
    assert 'Could not download the ImageNet weights of resnet34' in msg and '--no-pretrained' in msg and '--recipe default' in msg and 'pretrained=False' not in msg, msg
    assert not (tmp_path/'runs').exists() and not (tmp_path/'cache').exists()     # nothing long was done, nothing looks like a run

def test_two_trainings_with_one_name(data, tmp_path):
    "Issue 25: two `train` runs started at once with the same --name: one refuses in one line, the other finishes intact (and is not marked failed by the one that refused)."
    args = [EXE, 'train', '--data', str(data), '--cache', str(tmp_path/'cache'), '--runs', str(tmp_path/'runs'), '--name', 'same', '--no-pretrained',
            '--arch', 'resnet18', '--size', '32', '--bs', '5', '--epochs', '1', '--lr', '1e-3', '--workers', '0']
    ps = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in ps]
    codes = sorted(p.returncode for p in ps)
    assert codes == [0, 2], [(p.returncode, e[-800:]) for p, (_, e) in zip(ps, outs)]
    err = next(e for p, (_, e) in zip(ps, outs) if p.returncode == 2).strip()
    assert len(err.splitlines()) == 1 and 'already exists' in err and 'Errno' not in err, err
    run = tmp_path/'runs'/'same'
    info = json.loads((run/'run.json').read_text())
    assert info['status'] == 'finished' and 'error' not in info and (run/'metrics.json').exists() and (run/'model'/'model.json').exists(), info

def test_predict_says_its_progress_on_a_log(run, data):
    "Issue 25: on a log (not a terminal) predict says n/N, its rate and the time left every ~10 s ($HEARTBEAT_PROGRESS_SECONDS; 0 here: after every recording)."
    folder, _ = run
    r = cli('predict', folder, data, env={'HEARTBEAT_PROGRESS_SECONDS': '0'})
    n = len(r.stdout.splitlines())
    lines = [l for l in r.stderr.splitlines() if l.startswith('recordings ')]
    assert r.returncode == 0 and n > 2 and len(lines) == n - 1, r.stderr[-1500:]
    assert lines[0].startswith(f'recordings 1/{n} (') and lines[0].endswith(' left)'), lines[0]

def test_training_recordings_are_recognised(run, data, tmp_path):
    "Issue 25: model.json holds a digest of each training recording; predict marks one under another name, evaluate leaves it out."
    from heartbeat_cls.core import file_digest
    folder, _ = run
    digests = set(json.loads((folder/'model'/'model.json').read_text())['training_digests'])
    wavs = sorted((data/'set_b').glob('*.wav'))
    seen = [w for w in wavs if file_digest(w) in digests]
    assert 0 < len(seen) < len(wavs)
    shutil.copy(seen[0], tmp_path/'my_recording.wav'); shutil.copy(next(w for w in wavs if w not in seen), tmp_path/'new.wav')
    r = cli('predict', folder, tmp_path/'my_recording.wav', tmp_path/'new.wav')
    out = dict(l.split('\t', 1) for l in r.stdout.splitlines())
    assert r.returncode == 0 and out[str(tmp_path/'my_recording.wav')].endswith('\t(trained on it)') and 'trained on it' not in out[str(tmp_path/'new.wav')], r.stdout
    assert '1 of these recordings are ones the model was trained on' in r.stderr, r.stderr

def test_spectrograms_say_their_progress_on_a_log(data, tmp_path):
    "Issue 25: `spectrograms` on a log says n/N, its rate and the time left (on stderr; every ~10 s, here after every image)."
    r = cli('spectrograms', '--data', data, '--cache', tmp_path/'c', '--workers', '0', '--all', env={'HEARTBEAT_PROGRESS_SECONDS': '0'})
    assert r.returncode == 0 and '17 recordings: 17 made' in r.stdout, r.stderr
    lines = [l.split(' (')[0] for l in r.stderr.splitlines() if l.startswith('spectrograms ')]
    assert lines == [f'spectrograms {i}/17' for i in range(1, 17)], r.stderr

def test_bench_says_each_step_on_a_log(data, tmp_path):
    "Issue 25: `bench` on a log says each step as it starts and, while one runs, a line every ~10 s ($HEARTBEAT_PROGRESS_SECONDS; 0 here: every 0.05 s), then its table."
    env = {k: v for k, v in os.environ.items() if k != 'CIRCOR_DATA'} | {'HEARTBEAT_PROGRESS_SECONDS': '0'}
    r = cli('bench', '--data', data, '--cache', tmp_path/'c', '--out', tmp_path/'b', '--repeat', '1', '--scales', '1', '--blog-batches', '1', '--no-rss',
            cwd=tmp_path, env=env, fresh=True)
    assert r.returncode == 0, r.stderr[-2000:]
    starts = [l for l in r.stdout.splitlines() if l.startswith('bench ') and ', running for ' not in l]
    assert [l.split(':')[0] for l in starts] == [f'bench {i}/8' for i in range(1, 9)], starts
    assert any(', running for ' in l for l in r.stdout.splitlines()), r.stdout[:2000]
    assert (tmp_path/'b'/'metrics.json').exists() and '| stage | setting |' in r.stdout

def test_cv_shared_by_two_processes(data, tmp_path):
    "`torchrun ... heartbeat-cls cv`: two processes share the folds (gloo); the first prints the summary once; the run is the one-process run."
    sw = ['cv', '--data', data, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--workers', '0', '--recipe', 'default',
          '--epochs', '1', '--window', '1', '--bs', '8', '--folds', '3']      # windows from the pixel store, fused with the feature model
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', '2', EXE, *map(str, sw), '--name', 'two'],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count('run folder') == 1 and 'Traceback' not in r.stderr
    assert sorted(l.split(' epoch')[0] for l in r.stdout.splitlines() if ' epoch 1/1' in l) == ['process 1/2: fold 0', 'process 1/2: fold 2', 'process 2/2: fold 1']
    r = cli(*sw, '--name', 'one', env=dict(OMP_NUM_THREADS='1'))          # one process, with the cores one of the two had
    assert r.returncode == 0, r.stderr[-3000:]
    two, one = (json.loads((tmp_path/'runs'/n/'folds.json').read_text()) for n in ('two', 'one'))
    drop = lambda ms: [{k: v for k, v in m.items() if k not in ('seconds', 'epoch_seconds')} for m in ms]
    assert drop(two) == drop(one)
    assert 'resumed' not in json.loads((tmp_path/'runs'/'two'/'metrics.json').read_text())
    assert len(list((tmp_path/'cache').rglob('.pixels/*.npy'))) == 1                 # one store, made by the first process

def test_train_data_parallel_two_processes(data, tmp_path):
    "`torchrun ... heartbeat-cls train`: two processes train one network (each half of every batch, gloo); the first speaks and prints the run once; its model predicts."
    sw = ['train', '--data', data, '--cache', tmp_path/'cache', '--runs', tmp_path/'runs', '--workers', '0', '--recipe', 'default',
          '--epochs', '1', '--window', '1', '--bs', '8', '--name', 'two']      # windows from the pixel store, fused with the feature model
    r = subprocess.run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', '2', EXE, *map(str, sw)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count('run folder') == 1 and 'Traceback' not in r.stderr
    assert sum(l.startswith('epoch 1/1') for l in (r.stdout + r.stderr).splitlines()) == 1
    run = tmp_path/'runs'/'two'
    assert json.loads((run/'run.json').read_text())['processes'] == 2 and (run/'metrics.json').exists()
    assert len(list((tmp_path/'cache').rglob('.pixels/*.npy'))) == 1                 # one store, made by the first process
    p = cli('predict', run/'model', sorted(Path(data).rglob('*.wav'))[0])
    assert p.returncode == 0, p.stderr[-2000:]
