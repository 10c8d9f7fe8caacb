"""Certificates for a loopback cluster, made with the openssl CLI (no Python crypto dependency).

One CA signs the API server's serving certificate and one admin client certificate
(``O=system:masters``) that the harness, the controllers, kwok and Flux all use: this is a
throwaway test cluster, not a security boundary. An RSA key pair signs service-account tokens.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pki:
    ca_crt: Path
    ca_key: Path
    server_crt: Path
    server_key: Path
    admin_crt: Path
    admin_key: Path
    sa_key: Path
    sa_pub: Path


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def _sign(folder: Path, name: str, subject: str, ext: str, ca_crt: Path, ca_key: Path) -> tuple[Path, Path]:
    key, csr, crt, extfile = (folder / f"{name}.{s}" for s in ("key", "csr", "crt", "ext"))
    extfile.write_text(ext)
    _openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-subj", subject, "-out", csr)
    _openssl("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial",
             "-days", "2", "-sha256", "-extfile", extfile, "-out", crt)
    return crt, key


def issue(pki: Pki, folder: Path, name: str, subject: str, ext: str) -> tuple[Path, Path]:
    """A certificate signed by the cluster CA (``ext``: openssl extension lines); (crt, key)."""
    folder.mkdir(parents=True, exist_ok=True)
    return _sign(folder, name, subject, ext, pki.ca_crt, pki.ca_key)


def make_pki(folder: Path) -> Pki:
    if shutil.which("openssl") is None:
        raise RuntimeError("make e2e needs the openssl command to generate the test cluster's certificates; "
                           "install it (Debian: apt-get install openssl)")
    folder.mkdir(parents=True, exist_ok=True)
    ca_crt, ca_key = folder / "ca.crt", folder / "ca.key"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt,
             "-days", "2", "-subj", "/CN=e2e-ca", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature")
    server_crt, server_key = _sign(
        folder, "apiserver", "/CN=kube-apiserver",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,"
        "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,"
        "DNS:kubernetes.default.svc.cluster.local\n", ca_crt, ca_key)
    admin_crt, admin_key = _sign(
        folder, "admin", "/O=system:masters/CN=e2e-admin",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=clientAuth\n", ca_crt, ca_key)
    sa_key, sa_pub = folder / "sa.key", folder / "sa.pub"
    _openssl("genrsa", "-out", sa_key, "2048")
    _openssl("rsa", "-in", sa_key, "-pubout", "-out", sa_pub)
    return Pki(ca_crt, ca_key, server_crt, server_key, admin_crt, admin_key, sa_key, sa_pub)


def write_kubeconfig(path: Path, server: str, pki: Pki) -> Path:
    path.write_text(f"""apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: {server}
    certificate-authority: {pki.ca_crt}
users:
- name: admin
  user:
    client-certificate: {pki.admin_crt}
    client-key: {pki.admin_key}
contexts:
- name: e2e
  context: {{cluster: e2e, user: admin}}
current-context: e2e
""")
    return path
