"""Digital signatures: ``prakat sign`` and ``prakat verify SIGNED.pdf``.

Signing takes an edition's PDF exactly as :func:`generator.build.render_outputs`
makes it (and, when the edition is archived, exactly the archived one) and
appends a PAdES signature (baseline B-B; B-T with a time stamp) with pyHanko
as an incremental update: the bytes before the signature are the unsigned PDF,
byte for byte. The XMP metadata and the info dictionary are left as they
are, so the file still declares PDF/A-3b. The visible signature sits in the
room above the signer's name, where the PDF's own layout put it.

The signature dictionary's ``/Reason`` names the edition and the SHA-256 of
the unsigned PDF (the signature covers it):
``ลงนามประกาศ khon-kaen/2567 (signed edition khon-kaen/2567; unsigned PDF SHA-256 …)``.
:func:`check` reads it back to find the edition and compare with the
archive's record, or with a PDF made now from the content.

Keys are read where they are and never copied; the passphrase comes from a
file, ``$PRAKAT_KEY_PASSPHRASE`` or a hidden prompt, never from the command line.
"""

from __future__ import annotations

import binascii
import datetime as dt
import io
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import build, content, thai
from generator.archive import store
from generator.errors import BuildError, ContentError, Problem, Refused, printable
from generator.messages import M, Message

#: Thailand's time (no daylight saving): the time written in the appearance.
THAI_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
#: The environment variable a passphrase may come from.
PASSPHRASE_ENV = "PRAKAT_KEY_PASSPHRASE"
#: The classes located in the layout: the sign-off's blocks and the name line.
LOCATE = ("signature", "signer-name")
#: The appearance's font (embedded, subset) and size in points.
FONT = "THSarabunNew-Regular.ttf"
FONT_SIZE = 14
#: The least height of the signature box, in points, when the room is smaller.
MIN_ROOM = 36.0
_REASON = re.compile(r"signed edition (?P<key>[^\s;()]+); unsigned PDF SHA-256 (?P<digest>[0-9a-f]{64})")


def _quiet() -> None:
    """pyHanko logs warnings to stderr through Python's last-resort handler:
    prakat reports in its own words instead."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


# --- the key ---------------------------------------------------------------------------------

def read_passphrase_file(path: Path) -> bytes:
    """The passphrase in ``path`` without its line end."""
    data = Path(path).read_bytes()
    for end in (b"\r\n", b"\n", b"\r"):
        if data.endswith(end):
            return data[: -len(end)]
    return data


def _key_problem(path: Path, message: Message) -> ContentError:
    return ContentError([Problem(path, None, "--key", message)])


def load_key(path: Path, passphrase: bytes | None):
    """The pyHanko signer of the PKCS#12 file ``path``; :class:`ContentError`
    (exit 2) when it is not one, or the passphrase does not open it."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    path = Path(path)
    data = path.read_bytes()
    try:
        asn1_pkcs12.Pfx.load(data)["auth_safe"]["content"].native  # noqa: B018 (parses it)
    except Exception:
        raise _key_problem(path, M("this is not a PKCS#12 key file (.p12 or .pfx)"))
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        if passphrase is None:
            raise _key_problem(path, M("this key file has a passphrase: give it with --passphrase-file "
                                       "or {variable}", variable=PASSPHRASE_ENV))
        raise _key_problem(path, M("the passphrase is wrong, or the key file is damaged"))
    if key is None or certificate is None:
        raise _key_problem(path, M("the key file holds no private key or no signer's certificate"))
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    except ValueError:
        raise _key_problem(path, M("the key in this file cannot be used to sign"))


def common_name(certificate) -> str | None:
    """The subject's common name (CN) of an asn1crypto certificate."""
    name = certificate.subject.native.get("common_name")
    if isinstance(name, list):
        name = name[0] if name else None
    return name or None


# --- where the signature goes ----------------------------------------------------------------

@dataclass(frozen=True)
class Room:
    """The room above a signer's name: page (from 0) and box in PDF points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


def room(layout: bytes, number: int) -> Room:
    """The room above signer ``number`` (from 0)'s name, from the PDF's layout
    (:data:`generator.build.LAYOUT`): between the sign-off block above and
    the name line, across the signature column."""
    boxes = json.loads(layout)["boxes"]
    blocks = [b for b in boxes if b["name"] == "signature" and b["index"] == number]
    if not blocks:
        raise BuildError(M("the layout has no sign-off block for signer {number}", number=number + 1))
    block = blocks[0]
    top = block["y"] + block["height"]   # the block's top edge: the name line's top
    names = [b for b in boxes if b["name"] == "signer-name" and b["page"] == block["page"]
             and block["y"] <= b["y"] <= top]
    if names:
        top = max(top, names[0]["y"] + names[0]["height"])
    height = max(block["margin_top"], MIN_ROOM)
    return Room(block["page"], block["x"], top, block["x"] + block["width"], top + height)


# --- the appearance ------------------------------------------------------------------------

def thai_time(moment: dt.datetime) -> str:
    """``วันที่ ๓๐ พฤศจิกายน ๒๕๖๙ เวลา ๑๐:๑๕ น.``, in Thailand's time."""
    local = moment.astimezone(THAI_TIME)
    return (f"วันที่ {thai.date(local.date(), 'thai', era=False)}"
            f" เวลา {thai.digits(local.strftime('%H:%M'))} น.")


def _font_path() -> Path:
    from generator.format.fonts import verified_fonts

    return verified_fonts()[FONT]


def _drawable(text: str, font: Path) -> bool:
    """Whether the font has a glyph for every character of ``text``."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font, lazy=True)["cmap"].getBestCmap()
    return all(ord(c) in cmap or c.isspace() for c in text)


def appearance_lines(name: str, positions, moment: dt.datetime) -> list[str]:
    return [f"ลงนามโดย {name}", *[p for p in positions if p], thai_time(moment)]


def _font_factory(base):
    """pyHanko's OpenType font engine, with every glyph in the text's
    ToUnicode map: a glyph the shaper put in place of a character (a Thai
    tone mark moved down or left, ``uni0E49.alt2``) has no cmap entry, and
    the Adobe Glyph List rule names its character, so the appearance's text
    can be searched and copied."""
    from fontTools import agl
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    class Accumulator(GlyphAccumulator):
        def _format_tounicode_cmap(self):
            for glyph_id, (cid, _) in self._glyphs.items():
                if cid not in self._cid_to_unicode:
                    text = agl.toUnicode(self.tt.getGlyphName(glyph_id))
                    if text:
                        self._cid_to_unicode[cid] = text
            return super()._format_tounicode_cmap()

    class Factory(base):
        def create_font_engine(self, writer, obj_stream=None):
            engine = super().create_font_engine(writer, obj_stream)
            engine.__class__ = Accumulator
            return engine

    return Factory


def _stamp_style(lines: list[str], image: Path | None):
    """pyHanko's text stamp with each line centred, as the sign-off is; with
    ``image``, the signature image above the lines."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
    from pyhanko.stamp import TextStampStyle
    from pyhanko.stamp.text import TextStamp

    class CentredStamp(TextStamp):
        def _text_layout(self):
            self.text_box = box = TextBox(self.style.text_box_style, writer=self.writer,
                                          resources=self.resources, box=None)
            box.content = self.text_params["prakat"]
            width = box._nat_text_width
            shifted = []
            for line in box.content_lines:
                # The OpenType engine ends each line where it began, one line down.
                ops, extent = box.put_string_line(line)
                shift = (width - extent) / 2
                shifted.append(b"%g 0 Td " % shift + ops + b" %g 0 Td" % -shift)
            box._wrapped_lines = shifted
            return box.render()

    class CentredStyle(TextStampStyle):
        def create_stamp(self, writer, box, text_params):
            return CentredStamp(writer=writer, style=self, box=box, text_params=text_params)

    size = FONT_SIZE if image is None else FONT_SIZE - 2
    leading = size + 1  # whole points: pyHanko computes with fractions
    font = _font_factory(GlyphAccumulatorFactory)(str(_font_path()), font_size=size)
    text_style = TextBoxStyle(font=font, font_size=size, leading=leading, border_width=0,
                              box_layout_rule=layout.SimpleBoxLayoutRule(
                                  x_align=layout.AxisAlignment.ALIGN_MID,
                                  y_align=layout.AxisAlignment.ALIGN_MID,
                                  margins=layout.Margins.uniform(1)))
    options = dict(stamp_text="%(prakat)s", text_box_style=text_style, border_width=0)
    if image is None:
        options["inner_content_layout"] = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID)
        options["background"] = None
    else:
        from PIL import Image
        from pyhanko.pdf_utils.images import PdfImage

        options["inner_content_layout"] = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MIN)
        with Image.open(image) as picture:
            picture.load()
            options["background"] = PdfImage(picture.copy())
        options["background_layout"] = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(bottom=leading * len(lines) + 2))
        options["background_opacity"] = 1.0
    return CentredStyle(**options)


# --- signing ---------------------------------------------------------------------------------

def reason(key: str, digest: str) -> str:
    """The signature's ``/Reason``: the edition and the unsigned PDF's SHA-256."""
    return f"ลงนามประกาศ {key} (signed edition {key}; unsigned PDF SHA-256 {digest})"


@dataclass
class Signed:
    path: Path
    edition: str
    signer: str
    time: dt.datetime
    unsigned_sha256: str
    archived: bool
    timestamped: bool
    notes: list[Message] = field(default_factory=list)


def _archived_pdf(announcement, root: Path | None) -> str | None:
    """The SHA-256 the archive records for the edition's PDF, or None when
    the edition is not archived."""
    folder = store.edition_folder(announcement, root)
    path = folder / store.MANIFEST
    if not (path.exists() or path.is_symlink()):
        return None
    try:
        manifest = store.read_manifest(path)
    except store.ManifestError as error:
        raise Refused(M("{problem}, so nothing is signed; run prakat verify",
                        problem=store.manifest_problem(path, error)))
    digest = manifest["build_outputs"].get("pdf")
    if digest is None:
        raise Refused(M("{path}: the manifest records no SHA-256 of the PDF, so nothing is signed",
                        path=printable(str(path))))
    return digest


def _choose_signer(announcement, name: str | None, number: int | None) -> int:
    signers = announcement.all_signers()
    if number is not None:
        if not 1 <= number <= len(signers):
            raise ContentError([Problem("--signer", None, "--signer",
                                        M("this edition has {count} signer(s), not a number {number}",
                                          count=len(signers), number=number))])
        return number - 1
    plain = " ".join((name or "").split())
    for index, signer in enumerate(signers):
        if signer.name and " ".join(signer.name.split()) == plain:
            return index
    return 0


def _writer(pdf: bytes):
    """An incremental writer over ``pdf`` that leaves the XMP metadata and the
    info dictionary as they are (pyHanko would rewrite both; the PDF/A-3b
    declaration and the dates of the edition stay)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class Writer(IncrementalPdfFileWriter):
        def _update_meta(self):
            pass

    return Writer(io.BytesIO(pdf))


def sign(content_path: Path, key_path: Path, passphrase: bytes | None, *,
         output: Path | None = None, output_root: Path = Path("output"),
         timestamp_url: str | None = None, archive_root: Path | None = None,
         signer_number: int | None = None, now: dt.datetime | None = None) -> Signed:
    """Sign the edition in ``content_path`` with the key in ``key_path``; see the module docstring."""
    _quiet()
    from pyhanko.sign import fields, signers, timestamps

    if timestamp_url is not None and re.fullmatch(r"https?://[^\s/]+(/\S*)?", timestamp_url) is None:
        raise ContentError([Problem("--timestamp", None, "--timestamp",
                                    M("expected the http:// or https:// address of a time-stamping service, "
                                      "not {address}", address=printable(timestamp_url)))])
    if output is not None:
        _refuse_target(Path(output), [Path(content_path), Path(key_path)])
    key = load_key(key_path, passphrase)
    announcement = content.load(Path(content_path))
    outputs = build.render_outputs(announcement, ("pdf",), locate=LOCATE)
    pdf = outputs["pdf"]
    digest = store.sha256(pdf)
    recorded = _archived_pdf(announcement, archive_root)
    key_name = store.edition_key(announcement)
    if recorded is not None and recorded != digest:
        raise store.ArchiveConflict(M(
            "{edition} is archived, but the PDF made now differs from the archived one (another "
            "SHA-256), so nothing is signed: the signed document must be the archived one; "
            "run prakat verify {content} to see why", edition=key_name, content=printable(str(content_path))))

    certificate_name = common_name(key.signing_cert)
    number = _choose_signer(announcement, certificate_name, signer_number)
    signer = announcement.all_signers()[number]
    notes = []
    font = _font_path()
    shown = certificate_name if certificate_name and _drawable(certificate_name, font) else None
    if shown is None:
        shown = signer.name or ""
        notes.append(M("the certificate's name is missing or cannot be drawn with the font; "
                       "the content's signer name is shown"))
    elif signer.name and " ".join(signer.name.split()) != " ".join(shown.split()):
        notes.append(M("the certificate's name ({certificate}) is not the content's signer name ({signer})",
                       certificate=printable(shown), signer=printable(signer.name)))
    moment = (now or dt.datetime.now(THAI_TIME)).astimezone(THAI_TIME).replace(microsecond=0)
    lines = appearance_lines(shown, signer.positions, moment)
    image = getattr(signer, "signature_image", None)

    place = room(outputs[build.LAYOUT], number)
    field_name = "prakat-signature" if number == 0 else f"prakat-signature-{number + 1}"
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason(key_name, digest), location=announcement.issuer)
    timestamper = timestamps.HTTPTimeStamper(timestamp_url, timeout=30) if timestamp_url else None

    class Signer(signers.PdfSigner):
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = moment  # the time written in the appearance
            return session

    pdf_signer = Signer(meta, signer=key, timestamper=timestamper, stamp_style=_stamp_style(lines, image),
                        new_field_spec=fields.SigFieldSpec(
                            field_name, on_page=place.page, box=(place.x1, place.y1, place.x2, place.y2)))
    try:
        signed = pdf_signer.sign_pdf(_writer(pdf), output=io.BytesIO(),
                                     appearance_text_params={"prakat": "\n".join(lines)}).getvalue()
    except timestamps.TimestampRequestError as error:
        raise Refused(M("the time-stamping service {address} did not give a time stamp "
                        "({detail}); nothing is signed", address=printable(timestamp_url),
                        detail=printable(str(error))))
    if signed[: len(pdf)] != pdf:  # the promise of an incremental update
        raise BuildError(M("the signed PDF does not begin with the unsigned one"))

    if output is None:
        target = build.edition_dir(output_root, announcement) / f"{announcement.slug}.signed.pdf"
        build.write_atomic(target, signed, inside=output_root)
    else:
        target = Path(output)
        build.write_atomic(target, signed)
    return Signed(target, key_name, shown, moment, digest, recorded is not None,
                  timestamper is not None, notes)


def _refuse_target(target: Path, inputs: list[Path]) -> None:
    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
        except OSError:
            return False

    if target.suffix.lower() in (".toml", ".p12", ".pfx") or any(same(target, p) for p in inputs):
        raise ContentError([Problem(target, None, "--output",
                                    M("the signed PDF is never written over a content or key file; "
                                      "choose another name, e.g. announcement.signed.pdf"))])


# --- checking a signed PDF -------------------------------------------------------------------

@dataclass
class SignatureCheck:
    """What one signature in a PDF says and whether it holds."""

    field: str
    signer: str
    signed_at: dt.datetime | None
    timestamp: dt.datetime | None
    intact: bool            # the signed bytes are unchanged and the signature is valid
    whole: bool             # it covers the whole file (or only allowed later signatures)
    trusted: bool | None    # None: not checked against a trusted root
    edition: str | None
    claimed_sha256: str | None


@dataclass
class PdfReport:
    """``prakat verify SIGNED.pdf``: each signature, the edition, and what fails."""

    target: str
    signatures: list[SignatureCheck] = field(default_factory=list)
    edition: str | None = None
    #: The SHA-256 of the unsigned revision (the bytes before the first signature).
    unsigned_sha256: str | None = None
    #: True: byte-identical to the edition (archive or content); None: not compared.
    same_as_edition: bool | None = None
    problems: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.signatures)

    def format(self, lang: str = "th") -> str:
        """The report in one language: Thai, or English with ``lang="en"``."""
        english = lang == "en"

        def say(message: Message, indent: str = "  ") -> str:
            return "\n".join(f"{indent}{printable(line)}" for line in message.text(lang).split("\n"))

        def when(moment: dt.datetime) -> str:
            if english:
                return moment.astimezone(THAI_TIME).strftime("%Y-%m-%d %H:%M %Z")
            return thai_time(moment)

        head = printable(self.target)
        lines = [(M("{target}: signed, intact", target=head) if self.ok
                  else M("{target}: FAILS", target=head)).text(lang)]
        for number, sig in enumerate(self.signatures, 1):
            lines.append(say(M("signature {number}: signed by {signer} on {time}",
                               number=number if english else thai.digits(str(number)),
                               signer=sig.signer,
                               time=when(sig.signed_at) if sig.signed_at else M("no time given"))))
            facts = []
            if sig.timestamp is not None:
                facts.append(M("time stamp from the service: {time}", time=when(sig.timestamp)))
            facts.append(M("intact: the signature is valid and the signed bytes are unchanged") if sig.intact
                         else M("NOT intact: the signature is not valid, or the signed bytes were changed"))
            facts.append(M("it covers the whole document") if sig.whole else
                         M("it does NOT cover the whole document: something was added after signing"))
            if sig.trusted is None:
                facts.append(M("not checked against a trusted root (use --trust CA.pem)"))
            elif sig.trusted:
                facts.append(M("trusted: the signer's certificate chains to a trusted root"))
            else:
                facts.append(M("NOT trusted: the signer's certificate does not chain to a trusted root"))
            lines += [say(fact, "    ") for fact in facts]
        if self.edition:
            if self.same_as_edition is True:
                lines.append(say(M("the signed document is byte-identical to edition {edition}",
                                   edition=self.edition)))
            elif self.same_as_edition is None:
                lines.append(say(M("it signs edition {edition}; not compared with it", edition=self.edition)))
        lines += [say(M("fails: {problem}", problem=problem)) for problem in self.problems]
        lines += [say(M("note: {note}", note=note)) for note in self.notes]
        return "\n".join(lines)


def _contents_canonical(data: bytes, byte_range) -> bool:
    """Whether the signature's ``/Contents`` (the one part the signature does not
    cover) is exactly the hex of its DER container, in one case, followed by
    zeros, as pyHanko writes it: a changed byte there is caught too."""
    _, len1, start2, _ = byte_range
    raw = data[len1:start2]
    if not (raw.startswith(b"<") and raw.endswith(b">")):
        return False
    hexed = raw[1:-1]
    if (re.fullmatch(rb"[0-9A-F]*", hexed) is None and re.fullmatch(rb"[0-9a-f]*", hexed) is None) \
            or len(hexed) % 2:  # one case throughout: a letter's case changed is caught
        return False
    blob = binascii.unhexlify(hexed)
    from asn1crypto import cms

    try:
        container = cms.ContentInfo.load(blob, strict=False)
        size = len(container.dump())
    except Exception:
        return False
    return not blob[size:].strip(b"\0")


def _unsigned_prefix(data: bytes, start: int) -> list[bytes]:
    """Candidates for the unsigned revision: the bytes up to an ``%%EOF``
    (and its line end) before ``start``, the first signature's byte range gap."""
    found = []
    for match in re.finditer(rb"%%EOF", data[:start]):
        end = match.end()
        found.append(data[:end])
        for eol in (b"\r\n", b"\n", b"\r"):
            if data.startswith(eol, end):
                found.append(data[: end + len(eol)])
    return found


def _detail(error: Exception) -> str:
    """The first line of what pyHanko said, short and safe to print."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return printable(lines[0])[:160]


def _trust_roots(paths) -> list:
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        data = Path(path).read_bytes()
        try:
            if pem.detect(data):
                roots += [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
            else:
                roots.append(x509.Certificate.load(data))
            roots[-1].subject  # noqa: B018 (parses it)
        except Exception:
            raise ContentError([Problem(path, None, "--trust",
                                        M("this is not a certificate file (PEM or DER)"))])
    return roots


def check_bytes(data: bytes, target: str, trust: list[Path] | None = None, *,
                expected_sha256: str | None = None, expected_edition: str | None = None,
                content_path: Path | None = None, archive_root: Path | None = None,
                use_archive: bool = True) -> PdfReport:
    """Check the signed PDF ``data``; see :class:`PdfReport`.

    The edition it signs is compared with ``expected_sha256`` when given,
    else with a PDF made now from ``content_path``, else with the archive's
    record of the edition the signature names (``use_archive``).
    """
    _quiet()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    report = PdfReport(target)
    roots = _trust_roots(trust) if trust else None
    if not data.startswith(b"%PDF-"):
        report.problems.append(M("this is not a PDF file"))
        return report
    try:
        reader = PdfFileReader(io.BytesIO(data))
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 - whatever pyHanko cannot read
        report.problems.append(M("the PDF cannot be read: it was altered or is damaged ({detail})",
                                 detail=_detail(error)))
        return report
    if not embedded:
        report.problems.append(M("this PDF holds no digital signature"))
        return report
    for number, sig in enumerate(embedded):
        last = number == len(embedded) - 1
        context = ValidationContext(trust_roots=roots or [], allow_fetching=False,
                                    revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as error:  # noqa: BLE001 - whatever pyHanko cannot check
            report.problems.append(M("the signature cannot be checked: altered or damaged ({detail})",
                                     detail=_detail(error)))
            continue
        certificate = status.signing_cert
        name = common_name(certificate) or certificate.subject.human_friendly
        said = _REASON.search(str(sig.sig_object.get("/Reason", "")))
        canonical = _contents_canonical(data, sig.byte_range)
        intact = bool(status.intact and status.valid and canonical)
        if last:
            whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        else:
            whole = status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok is not False
        timestamp = status.timestamp_validity.timestamp if status.timestamp_validity else None
        check = SignatureCheck(
            field=sig.field_name, signer=name, signed_at=status.signer_reported_dt, timestamp=timestamp,
            intact=intact, whole=whole, trusted=bool(status.trusted) if roots else None,
            edition=said["key"] if said else None, claimed_sha256=said["digest"] if said else None)
        report.signatures.append(check)
        if not intact:
            report.problems.append(M("{name}'s signature: the document was changed after signing, "
                                     "or the signature is not valid", name=name))
        if not whole:
            report.problems.append(M("{name}'s signature does not cover the whole document: "
                                     "bytes were added or changed after signing", name=name))
        if roots and not status.trusted:
            report.problems.append(M("{name}'s certificate does not chain to a root given with --trust",
                                     name=name))
        if status.timestamp_validity is not None and not status.timestamp_validity.intact:
            report.problems.append(M("the time stamp in the signature was altered or is not valid"))
    if not report.signatures:
        return report
    _check_edition(report, data, embedded[0].byte_range, expected_sha256, expected_edition,
                   content_path, archive_root, use_archive)
    return report


def _check_edition(report: PdfReport, data: bytes, byte_range, expected_sha256, expected_edition,
                   content_path, archive_root, use_archive) -> None:
    first = report.signatures[0]
    report.edition = first.edition
    if first.claimed_sha256 is None:
        report.notes.append(M("the signature names no edition (it was not made by prakat sign), "
                              "so it cannot be compared with one"))
        if expected_sha256 is not None or content_path is not None:
            report.problems.append(M("it is not a signature of this edition"))
        return
    prefixes = {store.sha256(prefix): prefix for prefix in _unsigned_prefix(data, byte_range[1])}
    if first.claimed_sha256 not in prefixes:
        report.problems.append(M("the signed part is not the PDF the signature names (its SHA-256 differs)"))
        return
    report.unsigned_sha256 = first.claimed_sha256
    if expected_edition is not None and first.edition != expected_edition:
        report.problems.append(M("it signs edition {edition}, not {expected}",
                                 edition=first.edition, expected=expected_edition))
        report.same_as_edition = False
        return
    if expected_sha256 is None and content_path is not None:
        announcement = content.load(Path(content_path))
        if store.edition_key(announcement) != first.edition:
            report.problems.append(M("it signs edition {edition}, but the content is edition {content}",
                                     edition=first.edition, content=store.edition_key(announcement)))
            report.same_as_edition = False
            return
        expected_sha256 = store.sha256(build.render_outputs(announcement, ("pdf",))["pdf"])
        where = M("the PDF made now from the content")
    elif expected_sha256 is None and use_archive:
        folder = (archive_root or store.archive_root()) / first.edition
        manifest_path = folder / store.MANIFEST
        if not manifest_path.is_file():
            report.notes.append(M("edition {edition} is not in the archive ({folder}), "
                                  "so it was not compared (use --content FILE or --archive)",
                                  edition=first.edition, folder=printable(str(folder))))
            return
        try:
            manifest = store.read_manifest(manifest_path)
        except store.ManifestError as error:
            report.problems.append(store.manifest_problem(manifest_path, error))
            return
        expected_sha256 = manifest["build_outputs"].get("pdf")
        where = M("the archived edition")
    elif expected_sha256 is not None:
        where = M("the archived edition")
    else:
        return
    report.same_as_edition = expected_sha256 == first.claimed_sha256
    if not report.same_as_edition:
        report.problems.append(M("the signed document is not byte-identical to {where} (another SHA-256)",
                                 where=where))


def check(path: Path, trust: list[Path] | None = None, *, content_path: Path | None = None,
          archive_root: Path | None = None) -> PdfReport:
    """Check the signed PDF in ``path``: see :func:`check_bytes`."""
    path = Path(path)
    data = path.read_bytes()
    return check_bytes(data, str(path), trust, content_path=content_path, archive_root=archive_root)


def is_signed_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF holding at least one digital signature."""
    if not data.startswith(b"%PDF-"):
        return False
    _quiet()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return bool(list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures))
    except Exception:
        return b"/ByteRange" in data
