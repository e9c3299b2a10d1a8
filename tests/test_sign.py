"""Digital signatures (issue 13): ``prakat sign``, ``prakat verify SIGNED.pdf``
and signed copies in the archive.

A throwaway certificate authority, signer and time-stamping authority are
made at run time with ``cryptography`` (never committed); B-T is signed
against a time-stamping service on 127.0.0.1. pyHanko's own command
(``pyhanko sign validate``) is the independent check.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import secrets
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, SEED_CONTENT, run_prakat

pytest.importorskip("pyhanko")
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

SIGNER_NAME = "นายไกรสร กองฉลาด"   # the seed's signer
PYHANKO = Path(sys.executable).with_name("pyhanko")
THAI_DIGIT = re.compile("[๐-๙]")
THAI = re.compile("[\u0e00-\u0e7f]")


# --- a throwaway PKI -----------------------------------------------------------------------

def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(subject: str, key, issuer_name, issuer_key, serial: int, *, ca=False, tsa=False):
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca and not tsa,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                            encipher_only=False, decipher_only=False), critical=True))
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                                        critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """CA.pem, the signer's .p12 (passphrase in a file), a TSA, and an untrusted CA."""
    folder = tmp_path_factory.mktemp("pki")
    ca_key = rsa.generate_private_key(65537, 2048)
    ca = _certificate("prakat test CA", ca_key, _name("prakat test CA"), ca_key, 1, ca=True)
    key = rsa.generate_private_key(65537, 2048)
    cert = _certificate(SIGNER_NAME, key, ca.subject, ca_key, 2)
    tsa_key = rsa.generate_private_key(65537, 2048)
    tsa = _certificate("prakat test TSA", tsa_key, ca.subject, ca_key, 3, tsa=True)
    other_key = rsa.generate_private_key(65537, 2048)
    other = _certificate("another CA", other_key, _name("another CA"), other_key, 4, ca=True)
    passphrase = "ผ่าน-" + secrets.token_urlsafe(12)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "other-ca.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    (folder / "signer.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [ca], serialization.BestAvailableEncryption(passphrase.encode())))
    (folder / "passphrase.txt").write_text(passphrase + "\n", encoding="utf-8")
    return {"folder": folder, "ca": folder / "ca.pem", "other_ca": folder / "other-ca.pem",
            "key": folder / "signer.p12", "passphrase_file": folder / "passphrase.txt",
            "passphrase": passphrase, "tsa": (tsa, tsa_key), "ca_cert": ca}


def sign(pki, *args, env=None):
    return run_prakat("sign", str(SEED_CONTENT), "--key", str(pki["key"]),
                      "--passphrase-file", str(pki["passphrase_file"]), *args)


def pyhanko_validate(pki, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(PYHANKO), "sign", "validate", "--trust", str(pki["ca"]), "--trust-replace",
                           str(path)], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """The seed archived in a folder of its own (the archive of the tests)."""
    root = tmp_path_factory.mktemp("archive")
    result = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root))
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def signed(pki, archived, tmp_path_factory) -> Path:
    """The seed signed by the real command, checked against the archive."""
    out = tmp_path_factory.mktemp("signed")
    result = sign(pki, "--output-dir", str(out), "--archive", str(archived))
    assert result.returncode == 0, result.stderr
    path = out / "khon-kaen" / "2567" / "khon-kaen-2567.signed.pdf"
    assert path.is_file()
    return path


def _reported_time(path: Path) -> dt.datetime:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(path, "rb") as stream:
        signature = PdfFileReader(stream).embedded_signatures[0]
        return signature.self_reported_timestamp


# --- signing -------------------------------------------------------------------------------

def test_pyhanko_says_the_signature_is_intact_and_trusted(pki, signed):
    result = pyhanko_validate(pki, signed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INTACT" in result.stdout and "TRUSTED" in result.stdout and "UNTOUCHED" in result.stdout
    # PAdES (ETSI.CAdES.detached), not the older adbe.pkcs7 subfilter
    assert b"/ETSI.CAdES.detached" in signed.read_bytes()


def test_the_first_revision_is_the_unsigned_pdf_byte_for_byte(signed, seed_build, archived):
    unsigned = seed_build["pdf"].read_bytes()
    data = signed.read_bytes()
    assert len(data) > len(unsigned) and data[: len(unsigned)] == unsigned
    # ... and the archive records that very PDF as the edition's build output
    manifest = json.loads((archived / "khon-kaen" / "2567" / "manifest.json").read_text())
    import hashlib
    assert manifest["build_outputs"]["pdf"] == hashlib.sha256(unsigned).hexdigest()


def test_the_signed_file_still_declares_pdfa_3b_with_embedded_fonts(signed, seed_build):
    from pyhanko.pdf_utils.reader import PdfFileReader

    unsigned = seed_build["pdf"].read_bytes()
    with open(signed, "rb") as stream:
        reader = PdfFileReader(stream)
        metadata = reader.root.raw_get("/Metadata")
        assert reader.xrefs.get_last_change(metadata.reference) == 0   # the XMP untouched
        xmp = reader.root["/Metadata"].data
        assert b"pdfaid" in xmp and re.search(rb"pdfaid:part(>|=\")3", xmp) \
            and re.search(rb"pdfaid:conformance(>|=\")B", xmp)
        assert reader.trailer_view["/Info"].get_object() == PdfFileReader(io.BytesIO(unsigned)).trailer_view[
            "/Info"].get_object()
        # the appearance's fonts are embedded
        widget = reader.embedded_signatures[0].sig_field
        fonts = _fonts_of(widget["/AP"]["/N"])
        assert fonts and all(_embedded(font) for font in fonts)
        assert widget["/F"] & 4   # printed


def _fonts_of(xobject) -> list:
    """Every font an appearance (form XObject) uses, in nested forms too."""
    resources = xobject.get("/Resources", {})
    found = list(resources.get("/Font", {}).values())
    for inner in resources.get("/XObject", {}).values():
        inner = inner.get_object()
        if inner.get("/Subtype") == "/Form":
            found += _fonts_of(inner)
    return found


def _embedded(font) -> bool:
    font = font.get_object()
    descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
    return all(any(k in d["/FontDescriptor"] for k in ("/FontFile", "/FontFile2", "/FontFile3"))
               for d in descendants)


def _appearance_words(path: Path):
    """The words of page 2 as printed (the signature's appearance flattened
    into the page with PDFium), read with pdfplumber: text, x0, bottom, top in PDF points."""
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(path))
    try:
        last = len(document) - 1
        page = document[last]
        assert raw.FPDFPage_Flatten(page.raw, raw.FLAT_PRINT) == raw.FLATTEN_SUCCESS
        page.close()
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        page = pdf.pages[last]
        lines: dict[float, list] = {}
        for word in page.extract_words(keep_blank_chars=True):
            lines.setdefault(round(word["bottom"]), []).append(word)
        return [(" ".join(w["text"].replace("\xa0", " ") for w in sorted(ws, key=lambda w: w["x0"])),
                 min(w["x0"] for w in ws), page.height - max(w["bottom"] for w in ws),
                 page.height - min(w["top"] for w in ws)) for _, ws in sorted(lines.items())]


def test_the_appearance_says_who_what_when_in_thai_above_the_name(signed):
    from generator.commands.sign import thai_time

    lines = _appearance_words(signed)
    texts = [text for text, *_ in lines]
    when = thai_time(_reported_time(signed))
    assert THAI_DIGIT.search(when) and not re.search("[0-9]", when)
    date_line = next(line for line in lines if when in line[0].replace("  ", " "))
    by_line = next(line for line in lines if f"ลงนามโดย {SIGNER_NAME}" in line[0])
    name_line = next(line for line in lines if f"({SIGNER_NAME})" in line[0])
    issued_line = next(line for line in lines if line[0].startswith("ประกาศ ณ วันที่"))
    assert texts[texts.index(by_line[0]) + 1] == "ผู้ว่าราชการจังหวัดขอนแก่น"   # the position
    # in the room above the signer's name, below the date of the announcement
    assert name_line[3] <= date_line[2] < by_line[2] and by_line[3] <= issued_line[2]
    assert date_line[1] > 280  # in the signature column, the right half of the page


def test_prakat_verify_reports_in_plain_words(pki, signed, archived):
    result = run_prakat("verify", str(signed), "--trust", str(pki["ca"]), "--archive", str(archived),
                        "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"signed by {SIGNER_NAME} on " in out
    assert _reported_time(signed).astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%Y-%m-%d %H:%M") in out
    assert "intact: the signature is valid" in out
    assert "it covers the whole document" in out
    assert "trusted: the signer's certificate chains to a trusted root" in out
    assert "byte-identical to edition khon-kaen/2567" in out
    # English only with --lang en: no Thai but the signer's name
    assert not THAI.search(out.replace(SIGNER_NAME, "")), out
    # Thai only by default, its time in Thai words and digits
    thai = run_prakat("verify", str(signed), "--archive", str(archived))
    assert thai.returncode == 0, thai.stdout + thai.stderr
    assert f"ลงนามโดย {SIGNER_NAME} วันที่" in thai.stdout and "ยังไม่ได้ตรวจใบรับรอง" in thai.stdout
    assert "ลงนามแล้ว ไม่ถูกแก้ไข" in thai.stdout and "ลายมือชื่อที่ ๑:" in thai.stdout
    assert "เหมือนฉบับ khon-kaen/2567 ทุกไบต์" in thai.stdout
    assert "not checked against a trusted root" not in thai.stdout and "signed by" not in thai.stdout
    assert not re.search("[A-Za-z]{3,}", re.sub(r"--trust CA\.pem|khon-kaen/2567|PDF|ICT|/\S*", "",
                                                thai.stdout)), thai.stdout


def test_verify_against_the_content_and_an_untrusted_root(pki, signed, tmp_path):
    result = run_prakat("verify", str(signed), "--content", str(SEED_CONTENT), "--archive",
                        str(tmp_path / "none"), "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "byte-identical to edition khon-kaen/2567" in result.stdout
    other = run_prakat("verify", str(signed), "--trust", str(pki["other_ca"]), "--archive",
                       str(tmp_path / "none"), "--lang", "en")
    assert other.returncode == 3
    assert "NOT trusted" in other.stdout
    # not archived, no content: said, not failed
    alone = run_prakat("verify", str(signed), "--archive", str(tmp_path / "none"), "--lang", "en")
    assert alone.returncode == 0 and "not compared" in alone.stdout


def _signed_range(data: bytes) -> tuple[int, int, int, int]:
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", data)
    return tuple(int(n) for n in found.groups())


def _flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] = ord("7") if changed[position] != ord("7") else ord("8")
    return bytes(changed)


def test_one_changed_byte_fails_pyhanko_and_prakat(pki, signed, tmp_path):
    data = signed.read_bytes()
    bad = tmp_path / "one-byte.pdf"
    bad.write_bytes(_flip(data, 5000))   # inside the unsigned PDF, inside the signed range
    independent = pyhanko_validate(pki, bad)
    assert independent.returncode != 0 or "INTACT" not in independent.stdout, independent.stdout
    ours = run_prakat("verify", str(bad), "--trust", str(pki["ca"]), "--lang", "en")
    assert ours.returncode == 3, ours.stdout + ours.stderr
    assert "fails:" in ours.stdout and "Traceback" not in ours.stderr


@pytest.mark.parametrize("where", ["signature dictionary", "signature container", "container padding",
                                   "after the signature", "appended", "appended line end"])
def test_a_changed_byte_anywhere_is_caught(pki, signed, tmp_path, where):
    data = signed.read_bytes()
    start, first, second, length = _signed_range(data)
    changed = {
        "signature dictionary": lambda: _flip(data, data.rindex(b"/Reason") + 30),
        "signature container": lambda: _flip(data, first + 20),
        "container padding": lambda: _flip(data, second - 10),   # zeros pyHanko does not read
        "after the signature": lambda: _flip(data, second + 40),
        "appended": lambda: data + b"% one more line\n",
        "appended line end": lambda: data + b"\n",
    }[where]()
    assert changed != data
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(changed)
    result = run_prakat("verify", str(bad), "--trust", str(pki["ca"]), "--lang", "en")
    assert result.returncode == 3, f"{where}: {result.stdout}{result.stderr}"
    assert "fails:" in result.stdout and "Traceback" not in result.stderr


# --- keys and passphrases --------------------------------------------------------------------

def test_the_passphrase_is_never_an_argument_nor_printed(pki, tmp_path):
    help_text = run_prakat("sign", "--help").stdout
    assert "--passphrase-file" in help_text and "--passphrase " not in help_text
    refused = run_prakat("sign", str(SEED_CONTENT), "--key", str(pki["key"]), "--passphrase", "x")
    assert refused.returncode == 2   # no such option
    # from the environment, no prompt (stdin is not a terminal)
    import os
    environ = dict(os.environ, PRAKAT_KEY_PASSPHRASE=pki["passphrase"])
    args = [sys.executable, "-m", "generator", "sign", str(SEED_CONTENT), "--key", str(pki["key"]),
            "--output", str(tmp_path / "env.signed.pdf")]
    assert not any(pki["passphrase"] in arg for arg in args)
    result = subprocess.run(args, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    from_file = sign(pki, "--output", str(tmp_path / "file.signed.pdf"))
    assert from_file.returncode == 0, from_file.stderr
    for run in (result, from_file):
        assert pki["passphrase"] not in run.stdout + run.stderr
    for name in ("env.signed.pdf", "file.signed.pdf"):
        data = (tmp_path / name).read_bytes()
        assert pki["passphrase"].encode() not in data
        assert pki["key"].read_bytes()[:64] not in data
    # the key is read where it is, never copied
    assert sorted(p.name for p in tmp_path.iterdir()) == ["env.signed.pdf", "file.signed.pdf"]


def test_a_wrong_passphrase_or_a_bad_key_file_is_said_plainly(pki, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    result = run_prakat("sign", str(SEED_CONTENT), "--key", str(pki["key"]), "--passphrase-file", str(wrong),
                        "--output", str(tmp_path / "x.pdf"))
    # Thai by default, English with --lang en
    assert result.returncode == 2 and "รหัสผ่านไม่ถูกต้อง หรือไฟล์กุญแจเสียหาย" in result.stderr
    assert "passphrase is wrong" not in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.pdf").exists()
    assert "not it" not in result.stderr
    not_a_key = run_prakat("sign", str(SEED_CONTENT), "--key", str(SEED_CONTENT),
                           "--output", str(tmp_path / "x.pdf"), "--lang", "en")
    assert not_a_key.returncode == 2 and "not a PKCS#12 key file" in not_a_key.stderr
    assert not THAI.search(not_a_key.stderr), not_a_key.stderr
    no_passphrase = subprocess.run(
        [sys.executable, "-m", "generator", "sign", str(SEED_CONTENT), "--key", str(pki["key"]),
         "--output", str(tmp_path / "x.pdf"), "--lang", "en"], cwd=ROOT, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=300,
        env={k: v for k, v in __import__("os").environ.items() if k != "PRAKAT_KEY_PASSPHRASE"})
    assert no_passphrase.returncode == 2 and "--passphrase-file" in no_passphrase.stderr


def test_the_signed_pdf_is_never_written_over_the_key_or_the_content(pki, tmp_path):
    copy = tmp_path / "signer.p12"
    shutil.copy(pki["key"], copy)
    result = run_prakat("sign", str(SEED_CONTENT), "--key", str(copy), "--passphrase-file",
                        str(pki["passphrase_file"]), "--output", str(copy))
    assert result.returncode == 2 and copy.read_bytes() == pki["key"].read_bytes()


def test_an_archived_edition_is_signed_only_as_archived(pki, archived, tmp_path):
    from generator.archive import store

    root = tmp_path / "archive"
    shutil.copytree(archived, root)
    path = root / "khon-kaen" / "2567" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["build_outputs"]["pdf"] = "0" * 64     # as if the archived PDF were another
    path.write_bytes(store.manifest_bytes(store._seal(manifest)))
    result = sign(pki, "--archive", str(root), "--output", str(tmp_path / "s.pdf"), "--lang", "en")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "must be the archived one" in result.stderr and not (tmp_path / "s.pdf").exists()


# --- B-T: a time stamp from a service on 127.0.0.1 --------------------------------------------

@pytest.fixture
def time_stamping_service(pki):
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    tsa_cert, tsa_key = pki["tsa"]
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(tsa_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(pki["ca_cert"].public_bytes(serialization.Encoding.DER))])
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            asked.append(self.headers.get("Content-Type"))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", asked
    finally:
        server.shutdown()
        server.server_close()


def test_b_t_with_a_local_time_stamping_service(pki, time_stamping_service, tmp_path):
    url, asked = time_stamping_service
    target = tmp_path / "b-t.signed.pdf"
    result = sign(pki, "--timestamp", url, "--output", str(target), "--archive", str(tmp_path / "none"))
    assert result.returncode == 0, result.stderr
    assert asked and set(asked) == {"application/timestamp-query"}   # (one more to size the signature)
    independent = subprocess.run([str(PYHANKO), "sign", "validate", "--pretty-print", "--trust", str(pki["ca"]),
                                  "--trust-replace", str(target)], capture_output=True, text=True, timeout=120)
    assert independent.returncode == 0, independent.stdout + independent.stderr
    assert "timestamp token" in independent.stdout.lower()
    ours = run_prakat("verify", str(target), "--trust", str(pki["ca"]), "--content", str(SEED_CONTENT),
                      "--lang", "en")
    assert ours.returncode == 0, ours.stdout + ours.stderr
    assert "time stamp from the service" in ours.stdout


def test_an_unreachable_time_stamping_service_signs_nothing(pki, tmp_path):
    import socket

    with socket.socket() as probe:   # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = tmp_path / "x.pdf"
    result = sign(pki, "--timestamp", f"http://127.0.0.1:{port}/", "--output", str(target), "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "time-stamping service" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


# --- the layout the signature is placed by ---------------------------------------------------------

def test_render_outputs_locates_boxes_from_the_pdf_layout():
    import pdfplumber

    from generator import build, content

    announcement = content.load(SEED_CONTENT)
    plain = build.render_outputs(announcement, ("pdf",))
    located = build.render_outputs(announcement, ("pdf",), locate=("signer-name", "signature"))
    assert located["pdf"] == plain["pdf"]   # the same layout, the same bytes
    layout = json.loads(located[build.LAYOUT])
    name = next(b for b in layout["boxes"] if b["name"] == "signer-name")
    block = next(b for b in layout["boxes"] if b["name"] == "signature")
    assert block["margin_top"] > 20   # the room for the signature
    with pdfplumber.open(io.BytesIO(plain["pdf"])) as pdf:
        page = pdf.pages[name["page"]]
        word = next(w for w in page.extract_words() if w["text"].startswith("(นายไกรสร"))
        assert name["x"] <= word["x0"] and word["x1"] <= name["x"] + name["width"]
        assert name["y"] - 1 <= page.height - word["bottom"] and page.height - word["top"] <= name["y"] + name["height"] + 1


# --- signed copies in the archive -----------------------------------------------------------

def _scan_png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (60, 80), "white").save(path)
    return path


def test_signed_copies_are_kept_with_the_edition_and_checked(pki, signed, archived, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(archived, root)
    folder = root / "khon-kaen" / "2567"
    index_before = (root / "index.jsonl").read_text().splitlines()

    result = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--signed", str(signed))
    assert result.returncode == 0, result.stdout + result.stderr
    scan = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--signed",
                      str(_scan_png(tmp_path / "scan.png")))
    assert scan.returncode == 0, scan.stdout + scan.stderr
    manifest = json.loads((folder / "manifest.json").read_text())
    import hashlib
    entry = manifest["files"]["khon-kaen-2567.signed.pdf"]
    assert entry["kind"] == "signed-pdf" and entry["sha256"] == hashlib.sha256(signed.read_bytes()).hexdigest()
    assert manifest["files"]["khon-kaen-2567.scan.png"]["kind"] == "scan"
    index = (root / "index.jsonl").read_text().splitlines()
    assert len(index) == len(index_before) + 2
    assert json.loads(index[-1])["manifest_sha256"] == manifest["manifest_sha256"]

    again = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--signed", str(signed), "--lang", "en")
    assert again.returncode == 0 and "nothing written" in again.stdout
    verified = run_prakat("verify", str(SEED_CONTENT), "--archive", str(root), "--lang", "en")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "khon-kaen-2567.signed.pdf: signed by" in verified.stdout
    # archiving the edition again keeps its signed copies
    rearchived = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--lang", "en")
    assert rearchived.returncode == 0, rearchived.stdout + rearchived.stderr
    assert (folder / "khon-kaen-2567.signed.pdf").is_file() and (folder / "khon-kaen-2567.scan.png").is_file()

    # one changed byte in the kept signed PDF: verify names it
    kept = folder / "khon-kaen-2567.signed.pdf"
    kept.write_bytes(_flip(kept.read_bytes(), 5000))
    broken = run_prakat("verify", str(SEED_CONTENT), "--archive", str(root), "--lang", "en")
    assert broken.returncode == 3, broken.stdout
    assert "khon-kaen-2567.signed.pdf" in broken.stdout and "altered" in broken.stdout
    kept.unlink()
    gone = run_prakat("verify", str(SEED_CONTENT), "--archive", str(root), "--lang", "en")
    assert gone.returncode == 3 and "khon-kaen-2567.signed.pdf is missing" in gone.stdout


def test_a_signed_pdf_that_is_not_the_edition_is_not_kept(pki, signed, archived, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(archived, root)
    bad = tmp_path / "changed.signed.pdf"
    bad.write_bytes(_flip(signed.read_bytes(), 5000))
    result = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--signed", str(bad), "--lang", "en")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "changed after signing" in result.stderr
    not_a_copy = tmp_path / "notes.txt"
    not_a_copy.write_text("hello")
    refused = run_prakat("archive", str(SEED_CONTENT), "--archive", str(root), "--signed", str(not_a_copy),
                         "--lang", "en")
    assert refused.returncode == 2 and "PDF, or a scan" in refused.stderr
    assert sorted(p.name for p in (root / "khon-kaen" / "2567").iterdir()) == sorted(
        p.name for p in (archived / "khon-kaen" / "2567").iterdir())


# --- the signer's signature image -------------------------------------------------------------

def _with_signature_image(folder: Path, image: str) -> Path:
    """The seed content, copied into ``folder``, naming ``image`` as its signer's signature image."""
    text = SEED_CONTENT.read_text(encoding="utf-8")
    line = 'position = "ผู้ว่าราชการจังหวัดขอนแก่น"\n'
    assert line in text
    target = folder / "2567.toml"
    target.write_text(text.replace(line, line + f'signature_image = "{image}"\n', 1), encoding="utf-8")
    return target


def _image_xobjects(xobject) -> list:
    found = []
    for inner in xobject.get("/Resources", {}).get("/XObject", {}).values():
        inner = inner.get_object()
        if inner.get("/Subtype") == "/Image":
            found.append(inner)
        elif inner.get("/Subtype") == "/Form":
            found += _image_xobjects(inner)
    return found


def test_a_signature_image_is_drawn_in_the_appearance_with_its_transparency(pki, seed_build, tmp_path):
    from PIL import Image, ImageDraw
    from pyhanko.pdf_utils.reader import PdfFileReader

    picture = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(picture).line([(10, 70), (60, 20), (90, 80), (140, 30), (280, 25)],
                                 fill=(20, 40, 160, 255), width=5)
    picture.save(tmp_path / "sig.png")
    content_file = _with_signature_image(tmp_path, "sig.png")
    target = tmp_path / "signed.pdf"
    result = run_prakat("sign", str(content_file), "--key", str(pki["key"]), "--passphrase-file",
                        str(pki["passphrase_file"]), "--output", str(target), "--archive", str(tmp_path / "none"))
    assert result.returncode == 0, result.stderr
    unsigned = seed_build["pdf"].read_bytes()
    assert target.read_bytes()[: len(unsigned)] == unsigned   # the image is no part of the outputs
    with open(target, "rb") as stream:
        widget = PdfFileReader(stream).embedded_signatures[0].sig_field
        images = _image_xobjects(widget["/AP"]["/N"])
        assert images and "/SMask" in images[0]   # the transparency kept as a soft mask
    assert pyhanko_validate(pki, target).returncode == 0
    words = [text for text, *_ in _appearance_words(target)]
    assert f"ลงนามโดย {SIGNER_NAME}" in words


@pytest.mark.parametrize("image, words", [("../sig.png", ".."), ("missing.png", "no file"),
                                          ("sig.jpg", "must be a whole PNG image")])
def test_a_bad_signature_image_is_a_content_problem(tmp_path, image, words):
    from PIL import Image

    folder = tmp_path / "content"
    folder.mkdir()
    Image.new("RGB", (30, 10), "white").save(folder / "sig.jpg")
    Image.new("RGBA", (30, 10)).save(tmp_path / "sig.png")
    content_file = _with_signature_image(folder, image)
    result = run_prakat("build", str(content_file), "--format", "html", "--output", str(tmp_path / "out"),
                        "--lang", "en")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "signature_image" in result.stderr and words in result.stderr


def test_the_archive_keeps_the_signature_image_the_content_names(tmp_path):
    from PIL import Image

    Image.new("RGBA", (30, 10)).save(tmp_path / "sig.png")
    content_file = _with_signature_image(tmp_path, "sig.png")
    root = tmp_path / "archive"
    result = run_prakat("archive", str(content_file), "--archive", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    folder = root / "khon-kaen" / "2567"
    assert (folder / "sig.png").read_bytes() == (tmp_path / "sig.png").read_bytes()
    verified = run_prakat("verify", str(folder), "--archive", str(root), "--lang", "en")
    assert verified.returncode == 0, verified.stdout + verified.stderr
