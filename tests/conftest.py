"Shared fixtures of the end-to-end tests: the installed console script, a synthetic dataset and one trained run."
import os, shutil, subprocess, sys
from pathlib import Path
import pytest
from heartbeat_cls.testing.synth import make_synthetic_dataset

EXE = shutil.which('heartbeat-cls') or str(Path(sys.executable).parent/'heartbeat-cls')

def cli(*args, cwd=None, env=None, fresh=False):
    "Run the console script; returns the CompletedProcess (text). `env` adds to this process's environment, or (`fresh`) replaces it."
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600,
                          env=dict(env) if fresh else {**os.environ, **(env or {})})

@pytest.fixture(scope='session')
def data(tmp_path_factory):
    return make_synthetic_dataset(tmp_path_factory.mktemp('syn')/'heartbeat-sounds', 5, n_unlabelled=2)

@pytest.fixture(scope='session')
def run(data, tmp_path_factory):
    out = tmp_path_factory.mktemp('out')
    r = cli('train', '--data', data, '--cache', out/'cache', '--runs', out/'runs', '--name', 'e2e', '--no-pretrained',
            '--arch', 'resnet18', '--size', '48', '--bs', '5', '--epochs', '1', '--lr', '1e-3', '--workers', '0')
    assert r.returncode == 0, r.stderr[-3000:]
    return out/'runs'/'e2e', r
