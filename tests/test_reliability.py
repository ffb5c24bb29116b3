"Damaged model folders and impossible audio headers through the installed console script: exit code 2 (or 1 for a batch), one line naming the file, never a traceback."
import json, shutil, struct, subprocess, sys
from pathlib import Path
import pytest, torch
from heartbeat_cls.testing.synth import make_synthetic_dataset
from conftest import cli

def damage_cases(good:Path):
    "(name, function that damages a copy of the model folder): one of each kind the notebook's corpus has many of."
    j = json.loads((good/'model.json').read_text())
    w = (good/'model.pth').read_bytes()
    sd = torch.load(good/'model.pth', weights_only=True)
    return {
        'field missing': lambda d: (d/'model.json').write_text(json.dumps({k: v for k, v in j.items() if k != 'vocab'})),
        'field of the wrong type': lambda d: (d/'model.json').write_text(json.dumps({**j, 'mean': 'grey'})),
        'field out of range': lambda d: (d/'model.json').write_text(json.dumps({**j, 'size': [48, -48]})),
        'spectrogram setting out of range': lambda d: (d/'model.json').write_text(json.dumps({**j, 'spec': {**j['spec'], 'n_mels': -5}})),
        'not JSON': lambda d: (d/'model.json').write_text('{'),
        'weights truncated': lambda d: (d/'model.pth').write_bytes(w[:len(w)//2]),
        'weights of the wrong shape': lambda d: torch.save({**sd, '0.0.weight': torch.zeros(1)}, d/'model.pth'),
        'weights of another architecture': lambda d: (d/'model.json').write_text(json.dumps({**j, 'arch': 'resnet50'})),
        'more classes than the head has': lambda d: (d/'model.json').write_text(json.dumps({**j, 'vocab': j['vocab'] + ['artifact']})),
    }

def test_damaged_model_folders(run, data, tmp_path):
    folder, _ = run
    wav = next((data/'set_b').glob('*.wav'))
    for name, damage in damage_cases(folder/'model').items():
        d = tmp_path/name.replace(' ', '_'); shutil.copytree(folder/'model', d); damage(d)
        r = cli('predict', d, wav)
        msg = r.stderr.strip()
        assert r.returncode == 2, (name, r.returncode, msg)
        assert len(msg.splitlines()) == 1 and str(d) in msg and 'Traceback' not in msg, (name, msg)

def test_impossible_headers_in_a_folder(run, data, tmp_path):
    folder, _ = run
    d = tmp_path/'mixed'; (d/'sub').mkdir(parents=True)
    wavs = sorted((data/'set_b').glob('*.wav'))[:6]
    for w in wavs[:3]: shutil.copy(w, d)
    for w in wavs[3:]: shutil.copy(w, d/'sub')
    good = wavs[0].read_bytes()
    for name, off, fmt, value in [('sr0.wav', 24, '<I', 0), ('ch0.wav', 22, '<H', 0), ('bits0.wav', 34, '<H', 0)]:
        b = bytearray(good); struct.pack_into(fmt, b, off, value); (d/name).write_bytes(bytes(b))
    r = cli('predict', folder, d, '--summary', tmp_path/'s.json')
    assert r.returncode == 1 and 'Traceback' not in r.stderr, r.stderr
    s = json.loads((tmp_path/'s.json').read_text())
    assert s['processed'] == 6 and sorted(Path(p['file']).name for p in s['problems']) == ['bits0.wav', 'ch0.wav', 'sr0.wav']
    assert len(r.stdout.splitlines()) == 6

def test_unexpected_errors_are_one_line_unless_debug(tmp_path):
    "A corrupt run folder that `table` cannot parse: one line by default, the traceback with --debug."
    run = tmp_path/'cv'; run.mkdir()
    for f in ('config.json', 'folds.json'): (run/f).write_text('{}')
    (run/'metrics.json').write_text('{"mean": 1}')
    r = cli('table', run)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and 'Traceback' not in r.stderr, r.stderr
    r = cli('table', run, '--debug')
    assert r.returncode != 0 and 'Traceback' in r.stderr
