"From nothing to a trained model with one command, the data served over HTTP from 127.0.0.1; and the download command's errors."
import http.server, io, json, os, threading, zipfile
from pathlib import Path
import pytest
from conftest import cli
from heartbeat_cls.data.pascal import real_data
from heartbeat_cls.testing.synth import make_synthetic_dataset

def serve(files:dict) -> str:
    "A real HTTP server on 127.0.0.1 serving {path: bytes} (from a thread); returns its base URL."
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            if body is None: return self.send_error(404)
            self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
        def log_message(self, *a): pass
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_address[1]}"

def zip_of(folder:Path, top:str) -> bytes:
    "A zip of every file of `folder` under `top/` (stored, like an archive as served)."
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as z:
        for p in sorted(folder.rglob('*')):
            if p.is_file(): z.write(p, f"{top}/{p.relative_to(folder).as_posix()}")
    return buf.getvalue()

def clean_env(tmp_path, **kw) -> dict:
    "The environment of a fresh machine: no dataset variables, fastai's data folder in `tmp_path`."
    env = {k: v for k, v in os.environ.items() if k not in ('HEARTBEAT_DATA', 'CIRCOR_DATA')}
    return env | dict(FASTAI_HOME=str(tmp_path/'fastai')) | kw

def installed_cli(tmp_path, *args, env):
    """The command line of the package as pip installs it (a copy outside this project, as in site-packages), run in `tmp_path`:
    a copy of the dataset the user keeps in the project's data/ folder is not there to be found, as on a fresh machine."""
    import heartbeat_cls, shutil, subprocess, sys
    site = tmp_path/'site'
    if not site.exists(): shutil.copytree(Path(heartbeat_cls.__file__).parent, site/'heartbeat_cls', ignore=shutil.ignore_patterns('__pycache__'))
    return subprocess.run([sys.executable, '-c', 'import sys; from heartbeat_cls.cli import main; sys.exit(main())', *map(str, args)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600, env={**env, 'PYTHONPATH': str(site)})

def test_download_help_lists_every_dataset():
    r = cli('download', '--help')
    assert r.returncode == 0 and r.stderr == ''
    for word in ('pascal:', 'circor:', 'size:', 'licence:', 'cite:', 'ODC-By', 'Bentley'): assert word in r.stdout, word

def test_a_wrong_archive_is_refused_and_nothing_is_left(tmp_path):
    "Synthetic recordings are not the real dataset: every checksum fails, one line says so, nothing lands."
    syn = make_synthetic_dataset(tmp_path/'syn'/'heartbeat-sounds', 2, n_unlabelled=0)
    base = serve({'/fake.zip': zip_of(syn, 'heartbeat-sounds')})
    r = cli('download', 'pascal', '--url', base + '/fake.zip', '--to', tmp_path/'data', env=clean_env(tmp_path), fresh=True)
    *said, err = r.stderr.strip().splitlines()          # on a log: what it fetched and how that went, then the one error line
    assert r.returncode == 2 and 'Traceback' not in r.stderr and not any('error' in l for l in said), r.stderr
    assert said[0] == f"pascal (given URL): {base}/fake.zip" and said[1].startswith('pascal: given URL failed: checksum mismatch'), said
    assert err.startswith('heartbeat-cls: error: pascal: download failed') and '--data DIR' in err, r.stderr
    assert list((tmp_path/'data').iterdir()) == []
    r = cli('download', 'pascal', '--url', 'http://127.0.0.1:9/none.zip', '--to', tmp_path/'data', env=clean_env(tmp_path), fresh=True)
    assert r.returncode == 2 and 'unreachable' in r.stderr and 'Traceback' not in r.stderr, r.stderr

@pytest.mark.skipif(real_data() is None, reason='needs the real PASCAL files to serve (their checksums are shipped)')
def test_one_command_downloads_verifies_and_trains(tmp_path):
    "A fresh machine (no data anywhere), the real PASCAL files served as an archive over HTTP: `train` downloads, verifies, trains."
    base = serve({'/heartbeat-sounds.zip': zip_of(real_data(), 'heartbeat-sounds-main/heartbeat-sounds')})
    env = clean_env(tmp_path, HEARTBEAT_URL_PASCAL=base + '/heartbeat-sounds.zip')
    r = installed_cli(tmp_path, 'train', '--recipe', 'default', '--limit', '6', '--epochs', '1', '--window', '1', '--workers', '0', '--name', 'first', env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    target = tmp_path/'fastai'/'data'/'heartbeat-sounds'
    assert r.stdout.splitlines()[0].startswith('No PASCAL Classifying Heart Sounds Challenge 2011') and str(target) in r.stdout.splitlines()[0]
    assert (target/'set_b.csv').exists() and len(list((target/'set_b').glob('*.wav'))) == 656
    assert (tmp_path/'runs'/'first'/'model'/'model.json').exists() and (tmp_path/'runs'/'first'/'metrics.json').exists()
    r = cli('download', 'pascal', '--verify', env=env, fresh=True)
    assert r.returncode == 0 and 'all 835 files match their checksums' in r.stdout, r.stdout + r.stderr
