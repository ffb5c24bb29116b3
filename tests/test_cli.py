"End-to-end tests of the installed `heartbeat-cls` console script on synthetic data."
import json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from heartbeat_cls.synth import make_synthetic_dataset

EXE = shutil.which('heartbeat-cls') or str(Path(sys.executable).parent/'heartbeat-cls')

def cli(*args, cwd=None, env=None):
    "Run the console script; returns the CompletedProcess (text)."
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, **(env or {})})

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    return make_synthetic_dataset(tmp_path_factory.mktemp('syn')/'heartbeat-sounds', 5, n_unlabelled=2)

@pytest.fixture(scope='module')
def run(data, tmp_path_factory):
    out = tmp_path_factory.mktemp('out')
    r = cli('train', '--data', data, '--cache', out/'cache', '--runs', out/'runs', '--name', 'e2e', '--no-pretrained',
            '--arch', 'resnet18', '--size', '48', '--bs', '5', '--epochs', '1', '--lr', '1e-3', '--workers', '0')
    assert r.returncode == 0, r.stderr[-3000:]
    return out/'runs'/'e2e', r

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
    path, label, probs = r.stdout.strip().split('\t')
    assert path == str(wav) and label in ('extrastole', 'murmur', 'normal')
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
