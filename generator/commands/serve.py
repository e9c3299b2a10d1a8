"""A live preview of one content file while it is written: ``prakat serve``.

A small web server on 127.0.0.1 (never another address) shows one edition:

- its web page, exactly as ``prakat build`` writes it
  (:func:`generator.build.render_outputs`, the one road), with its fonts and
  emblem (:func:`generator.render.assets.asset_files`, nothing else from disk);
- its PDF, made from the same page when it is first asked for;
- the word-level comparison with the edition it extends, if it extends one
  (:mod:`generator.commands.diffing`).

The page asks ``/version`` a few times a second. The answer is a hash of the
content file and of every file the edition depends on (the editions it
extends, its own profile, its emblem); when one of them changed, the server
renders again (once, whoever asks) and the page reloads. A problem with the
content is shown at the top of the page in the words of the command line
(:meth:`~generator.errors.Problem.format`), above the last render that worked.

Every address the server answers is in a fixed table; nothing is looked up on
disk from a request, so no ``..`` can lead anywhere. Text of the content
reaches the browser escaped, and the rendered pages are served with a
Content-Security-Policy that allows no script at all.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import html
import json
import mimetypes
import socketserver
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from generator import build, content
from generator.content import editions
from generator.commands import diffing
from generator.errors import BuildError, ContentError, Problem, Refused, os_words, printable
from generator.format import versions
from generator.messages import M, Message, text
from generator.render.assets import asset_files

#: The only address the preview listens on.
LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
#: How often the open page asks whether the content changed (milliseconds).
POLL_MS = 250

#: Where the rendered files are served. The page links its assets as
#: ``../../fonts/…`` and ``../../assets/…`` (as beside ``output/<province>/<edition>/``),
#: which from here are ``/fonts/…`` and ``/assets/…``.
PAGE = "/view/edition/page.html"
PDF = "/view/edition/page.pdf"
DIFF = "/view/edition/diff.html"
VERSION = "/version"
SCRIPT = "/preview.js"

#: Rendered pages (the announcement, the comparison) may not run any script.
_RENDERED_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
                    "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
#: The preview page runs only its own script (/preview.js).
_SHELL_POLICY = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; font-src 'self'; "
                 "frame-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                 "form-action 'none'")


# --- which file ---------------------------------------------------------------------------

def choose(given: Path | None, here: Path | None = None) -> Path:
    """The content file to preview: ``given`` (a .toml file, or a folder that
    holds exactly one), else the only .toml file in the current folder.
    :class:`ContentError` (exit 2) when there is none or more than one."""
    folder = Path(given) if given is not None else Path(here or ".")
    if given is not None and not folder.is_dir():
        if not folder.is_file():
            raise ContentError([Problem(folder, None, "",
                                        M("no such file (check the file and folder names)"))])
        return folder
    found = sorted(p for p in folder.glob("*.toml") if p.is_file())
    if len(found) == 1:
        return found[0]
    shown = printable(str(folder))
    if not found:
        raise ContentError([Problem(
            folder, None, "",
            M("no .toml content file in the folder {folder}; name one, "
              "e.g. prakat serve content/khon-kaen/2567.toml", folder=shown))])
    names = ", ".join(printable(p.name) for p in found[:10]) + (", …" if len(found) > 10 else "")
    raise ContentError([Problem(
        folder, None, "",
        M("the folder {folder} holds several .toml files ({names}); name the one to preview",
          folder=shown, names=names))])


# --- rendering ------------------------------------------------------------------------

@dataclass
class Good:
    """The last render that worked."""

    version: str
    announcement: object
    page: bytes
    assets: dict[str, bytes]                  # "fonts/X.ttf" → bytes
    when: dt.datetime
    parent: Path | None = None                # the edition it extends
    diff: bytes | None = None                 # the comparison page, or None
    diff_problems: list[str] = field(default_factory=list)
    pdf: bytes | None = None                  # made when first asked for
    pdf_problems: list[str] = field(default_factory=list)


def _stamp(path: Path) -> str:
    """What changes when ``path`` is saved: size, time and a hash of the bytes."""
    try:
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{digest}"
    except (OSError, ValueError):
        return f"{path}\0missing"


class Preview:
    """One content file, rendered again whenever it (or a file it depends on) changes."""

    def __init__(self, path: Path, lang: str = "th",
                 report: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.lang = lang
        self.report = report or (lambda text: None)
        self.good: Good | None = None
        self.problems: list[str] = []         # of the last attempt, formatted as on the command line
        self.where: list[Problem] = []        # the same problems, for their file, line and field
        self.warnings: list[str] = []
        self.version = ""
        self._depends: list[Path] = []        # the files other than self.path that it reads
        self._lock = threading.RLock()
        self._pdf_lock = threading.Lock()

    # Which files, and have they changed?

    def watched(self) -> list[Path]:
        return [self.path, *self._depends]

    def signature(self) -> str:
        text = "\n".join(_stamp(path) for path in self.watched())
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]

    def refresh(self) -> str:
        """Render again if a watched file changed since the last render; the
        current version. Many requests at once render once."""
        with self._lock:
            now = self.signature()
            if now != self.version:
                before = self.watched()
                self._render(now)
                # A new ``extends`` brings new files to watch: take them in now,
                # so that the next request does not render a second time.
                self.version = now if self.watched() == before else self.signature()
            return self.version

    def say(self, message: Message) -> str:
        """``message`` in the preview's language (Thai, or English with ``--lang en``)."""
        return text(message, self.lang)

    def _render(self, version: str) -> None:
        when = dt.datetime.now()
        problems: list[str] = []
        where: list[Problem] = []
        warnings: list[str] = []
        try:
            announcement = content.load(self.path)
            self._depends = self._dependencies(announcement)
            page = build.render_outputs(announcement, ("html",))["html"]
            profile = versions.profile_for(announcement)
            assets = asset_files(profile, announcement)
        except ContentError as error:
            self._depends = self._chain() or self._depends
            where = list(error.problems)
            problems = [problem.format(self.lang) for problem in error.problems]
        except Refused as error:
            problems = [error.format(self.lang)]
        except OSError as error:
            problems = [printable(self.say(os_words(error)))]
        except BuildError as error:
            problems = [error.format(self.lang)]
        except Exception as error:  # a bug in prakat: said, and the server goes on
            problems = [self._unexpected(error)]
        else:
            good = Good(version, announcement, page, assets, when)
            warnings = [problem.format(self.lang) for problem in announcement.warnings]
            if announcement.parents:
                good.parent = Path(announcement.parents[0])
                good.diff, good.diff_problems = self._compare(good.parent, announcement)
            self.good = good
        self.problems, self.where, self.warnings = problems, where, warnings
        if problems:
            self.report("\n".join(problems))
        else:
            self.report(self.say(M("{time} rendered", time=f"{when:%H:%M:%S}")))

    def _unexpected(self, error: Exception) -> str:
        detail = printable(f"{type(error).__name__}: {error}")
        return self.say(M("prakat failed unexpectedly ({detail}); please report this with the content file",
                          detail=detail))

    def _dependencies(self, announcement) -> list[Path]:
        found = [Path(p) for p in announcement.parents]
        for extra in (getattr(announcement, "profile_path", None), getattr(announcement, "emblem", None)):
            if extra is not None:
                found.append(Path(extra))
        return found

    def _chain(self) -> list[Path]:
        """The editions the file extends, when the file reads but does not validate."""
        try:
            resolved = editions.resolve(self.path)
        except Exception:  # noqa: BLE001 - only a guess of what to watch
            return []
        return [f.path for f in resolved.chain[1:]]

    def _compare(self, parent: Path, announcement) -> tuple[bytes | None, list[str]]:
        try:
            old = content.load(parent)
            changes = diffing.compare(old, announcement)
            # The preview serves the fonts at /fonts/ (see answer()).
            page = diffing.as_html(changes, str(parent), str(self.path), fonts="/fonts/", lang=self.lang)
        except ContentError as error:
            return None, [problem.format(self.lang) for problem in error.problems]
        except Refused as error:
            return None, [error.format(self.lang)]
        except BuildError as error:
            return None, [error.format(self.lang)]
        except Exception as error:  # a bug: the page itself still shows
            return None, [self._unexpected(error)]
        return page.encode("utf-8"), []

    def pdf(self) -> tuple[bytes | None, list[str]]:
        """The PDF of the last good render, made once per version."""
        good = self.good
        if good is None:
            return None, []
        with self._pdf_lock:
            if good.pdf is not None or good.pdf_problems:
                return good.pdf, good.pdf_problems
            try:
                good.pdf = build.render_outputs(good.announcement, ("pdf",))["pdf"]
            except ContentError as error:  # the same next time: said once per version
                good.pdf_problems = [problem.format(self.lang) for problem in error.problems]
            # A condition of the machine (a font missing, …) may pass: tried again next time.
            except Refused as error:
                return None, [error.format(self.lang)]
            except OSError as error:
                return None, [printable(self.say(os_words(error)))]
            except BuildError as error:
                return None, [error.format(self.lang)]
            except Exception as error:
                return None, [self._unexpected(error)]
        return good.pdf, good.pdf_problems

    # The pages.

    def current_page(self) -> str:
        """The preview page of the files as they are now."""
        with self._lock:  # not while a render is half done
            self.refresh()
            return self.shell()

    def shell(self) -> str:
        """The preview page: a bar, the problems if any, and the views in frames.
        Its words (and its ``lang``) are the preview's language."""
        esc = html.escape

        def t(message: Message) -> str:
            return esc(self.say(message))

        good = self.good
        name = esc(printable(str(self.path)))
        web_page, pdf_pages = t(M("web page")), t(M("PDF pages"))
        title = t(M("preview"))
        parts = [f'<!DOCTYPE html>\n<html lang="{_html_lang(self.lang)}">\n<head>\n'
                 '<meta charset="utf-8">\n'
                 f"<title>{title}: {name}</title>\n"
                 f"<style>{_STYLE}</style>\n"
                 f'<script src="{SCRIPT}" defer></script>\n</head>\n'
                 f'<body data-version="{esc(self.version)}" data-poll="{POLL_MS}">\n'
                 '<header>\n'
                 f'<span class="file">{name}</span>\n'
                 '<nav>\n'
                 f'<a class="tab" href="#page" data-panel="page">{web_page}</a>\n'
                 f'<a class="tab" href="#pdf" data-panel="pdf">{pdf_pages}</a>\n']
        changes = ""
        if good is not None and good.parent is not None:
            changes = t(M("changes since {edition}", edition=printable(good.parent.name)))
            parts.append(f'<a class="tab" href="#diff" data-panel="diff">{changes}</a>\n')
        parts.append('</nav>\n')
        if good is not None:
            when = t(M("rendered at {time}", time=f"{good.when:%H:%M:%S}"))
            parts.append(f'<span class="when">{when}</span>\n')
        stopped = t(M("the server has stopped: this page no longer follows the file"))
        parts.append(f'<span id="offline" class="offline" hidden>{stopped}</span>\n</header>\n')
        if self.problems:
            heading = t(M("the content has a problem: fix it and save the file"))
            parts.append('<section id="problems" class="problems" role="alert">\n'
                         f'<h2>{heading}</h2>\n<ol>\n')
            for index, said in enumerate(self.problems):
                where = self.where[index] if index < len(self.where) else None
                parts.append("<li>")
                if where is not None:
                    parts.append(self._place(where))
                parts.append(f'<pre class="message">{esc(said)}</pre></li>\n')
            parts.append("</ol>\n")
            if good is not None:
                stale = t(M("below: the last render that worked"))
                parts.append(f'<p class="stale">{stale} ({good.when:%H:%M:%S})</p>\n')
            parts.append("</section>\n")
        if self.warnings:
            heading = t(M("warnings"))
            parts.append(f'<section class="warnings"><h2>{heading}</h2>\n<ol>\n')
            parts += [f'<li><pre class="message">{esc(said)}</pre></li>\n' for said in self.warnings]
            parts.append("</ol></section>\n")
        parts.append("<main>\n")
        if good is None:
            empty = t(M("nothing to show yet: fix the problem above and save the file"))
            parts.append(f'<p class="empty">{empty}</p>\n')
        else:
            pdf_note = t(M("the PDF is made when this tab opens (a moment)"))
            open_pdf = t(M("open the PDF"))
            parts.append(f'<section class="panel" id="panel-page"><iframe id="frame-page" title="{web_page}" src="{PAGE}"></iframe></section>\n'
                         f'<section class="panel" id="panel-pdf" hidden><p class="note">{pdf_note} · '
                         f'<a href="{PDF}" target="_blank" rel="noopener">{open_pdf}</a></p>'
                         f'<iframe id="frame-pdf" title="{pdf_pages}" data-src="{PDF}"></iframe></section>\n')
            if good.parent is not None:
                if good.diff is not None:
                    parts.append(f'<section class="panel" id="panel-diff" hidden><iframe id="frame-diff" title="{changes}" src="{DIFF}"></iframe></section>\n')
                else:
                    parts.append('<section class="panel problems" id="panel-diff" hidden>'
                                 + "".join(f'<pre class="message">{esc(said)}</pre>' for said in good.diff_problems)
                                 + "</section>\n")
        parts.append("</main>\n</body>\n</html>\n")
        return "".join(parts)

    def _place(self, problem: Problem) -> str:
        esc = html.escape

        def t(message: Message) -> str:
            return esc(self.say(message))

        file = t(M("file {name}", name=printable(str(problem.path))))
        bits = [f'<span class="file">{file}</span>']
        if problem.line:
            line = t(M("line {number}", number=problem.line))
            bits.append(f'<span class="line">{line}</span>')
        if problem.field:
            field_name = t(M("field {name}", name=printable(problem.field)))
            bits.append(f'<span class="field">{field_name}</span>')
        return '<div class="where">' + " · ".join(bits) + "</div>"

    def notice(self, message: Message, details: list[str] = ()) -> bytes:
        """A small page that says one thing (nothing rendered yet, no PDF, …)."""
        said = "".join(f"<p>{html.escape(line)}</p>" for line in [self.say(message), *details])
        return (f'<!DOCTYPE html>\n<html lang="{_html_lang(self.lang)}"><head><meta charset="utf-8">'
                f"<style>{_NOTICE_STYLE}</style></head><body>{said}</body></html>\n").encode("utf-8")


def _html_lang(lang: str) -> str:
    """The ``lang`` attribute of a page in the preview's language."""
    return "en" if lang == "en" else "th"


# --- the server ------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    body: bytes
    kind: str
    policy: str | None = _RENDERED_POLICY
    cache: str = "no-cache"


def answer(preview: Preview, target: str) -> Reply:
    """What the server sends for ``target`` (the request's path): only the
    addresses of the fixed table; everything else is 404."""
    path = unquote(urlsplit(target).path)
    if path in ("/", "/index.html"):
        return Reply(200, preview.current_page().encode("utf-8"), "text/html; charset=utf-8", _SHELL_POLICY)
    if path == VERSION:
        version = preview.refresh()
        body = json.dumps({"version": version, "ok": not preview.problems}).encode()
        return Reply(200, body, "application/json", cache="no-store")
    if path == SCRIPT:
        return Reply(200, _SCRIPT.encode("utf-8"), "text/javascript; charset=utf-8")
    good = preview.good
    if path == PAGE:
        if good is None:
            return Reply(200, preview.notice(M("nothing rendered yet")), "text/html; charset=utf-8")
        return Reply(200, good.page, "text/html; charset=utf-8")
    if path == PDF:
        data, problems = preview.pdf()
        if data is not None:
            return Reply(200, data, "application/pdf", policy=None)
        if problems:
            return Reply(200, preview.notice(M("the PDF could not be made"), problems),
                         "text/html; charset=utf-8")
        return Reply(200, preview.notice(M("nothing rendered yet")), "text/html; charset=utf-8")
    if path == DIFF and good is not None and good.diff is not None:
        return Reply(200, good.diff, "text/html; charset=utf-8")
    key = path[1:]
    if good is not None and key in good.assets and key.startswith(("fonts/", "assets/")):
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        return Reply(200, good.assets[key], kind, policy=None)
    return Reply(404, (preview.say(M("not found")) + "\n").encode("utf-8"),
                 "text/plain; charset=utf-8")


class Handler(BaseHTTPRequestHandler):
    server: "PreviewServer"
    protocol_version = "HTTP/1.1"
    server_version = "prakat-serve"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._send(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(head=True)

    def _send(self, head: bool) -> None:
        preview = self.server.preview
        if not self._host_allowed():
            # Another name for this address (a web site that points its name at
            # 127.0.0.1) may not read the preview.
            reply = Reply(403, (preview.say(M("only http://{address} of this computer may open the preview",
                                              address=LOOPBACK))
                                + "\n").encode("utf-8"), "text/plain; charset=utf-8")
        else:
            reply = answer(preview, self.path)
        etag = '"' + hashlib.sha256(reply.body).hexdigest()[:20] + '"'
        if reply.status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", reply.cache)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.kind)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", reply.cache)
        if reply.status == 200:
            self.send_header("ETag", etag)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if reply.policy:
            self.send_header("Content-Security-Policy", reply.policy)
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def _host_allowed(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in {f"{LOOPBACK}:{port}", f"localhost:{port}"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet: the terminal shows renders only
        pass


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, preview: Preview):
        self.preview = preview
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # http.server looks up the host's full name here, which can wait on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def open_server(preview: Preview, port: int = DEFAULT_PORT, host: str = LOOPBACK) -> PreviewServer:
    """A server for ``preview`` on 127.0.0.1:``port`` (0: any free port), not yet
    serving. Any other address is refused; so is a port in use (:class:`Refused`)."""
    if host != LOOPBACK:
        raise Refused(M("the preview listens on {address} only (this computer), not {host}",
                        address=LOOPBACK, host=printable(str(host))))
    try:
        return PreviewServer((LOOPBACK, port), preview)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise Refused(M("port {port} is in use by another program; choose another, e.g. --port {next}",
                            port=port, next=port + 1)) from None
        if error.errno == errno.EACCES:
            raise Refused(M("no permission to use port {port}; choose a port from 1024 up, e.g. --port {default}",
                            port=port, default=DEFAULT_PORT)) from None
        raise


def url(server: PreviewServer) -> str:
    return f"http://{LOOPBACK}:{server.server_address[1]}/"


# --- what the browser gets ---------------------------------------------------------------

_STYLE = """
@font-face { font-family: "TH Sarabun New"; src: url("/fonts/THSarabunNew-Regular.ttf"); }
@font-face { font-family: "TH Sarabun New"; font-weight: bold; src: url("/fonts/THSarabunNew-Bold.ttf"); }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: "TH Sarabun New", "Sarabun", "Noto Sans Thai", sans-serif;
       font-size: 20px; background: #e8e8e8; }
header { display: flex; gap: 1em; align-items: center; flex-wrap: wrap; padding: 0.4em 1em;
         background: #24364b; color: #fff; }
header .file { font-family: monospace; }
header nav { display: flex; gap: 0.3em; }
header .when { margin-left: auto; opacity: 0.8; }
a.tab { color: #fff; text-decoration: none; padding: 0.2em 0.7em; border-radius: 0.3em; background: #3a516b; }
a.tab.active { background: #fff; color: #24364b; }
.offline { background: #b00; padding: 0.1em 0.5em; border-radius: 0.3em; }
.problems { background: #fff0f0; border-bottom: 3px solid #c00; padding: 0.5em 1em; max-height: 40vh; overflow: auto; }
.problems h2, .warnings h2 { font-size: 1.1em; margin: 0.2em 0; color: #a00; }
.warnings { background: #fff8e0; border-bottom: 2px solid #c90; padding: 0.3em 1em; }
.warnings h2 { color: #850; }
.where { font-weight: bold; }
.where span + span { margin-left: 0.2em; }
pre.message { white-space: pre-wrap; margin: 0.2em 0 0.6em; font: inherit; }
.stale { margin: 0.3em 0 0; color: #555; }
main { flex: 1; display: flex; min-height: 0; }
.panel { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.panel[hidden] { display: none; }
.panel iframe { flex: 1; border: 0; background: #fff; width: 100%; }
.note { margin: 0.3em 1em; }
.empty { margin: 2em; }
"""

_NOTICE_STYLE = ('@font-face { font-family: "TH Sarabun New"; src: url("/fonts/THSarabunNew-Regular.ttf"); } '
                 'body { font-family: "TH Sarabun New", sans-serif; font-size: 20px; margin: 2em; '
                 'white-space: pre-wrap; }')

_SCRIPT = r"""
"use strict";
(function () {
  var body = document.body;
  var current = body.dataset.version;
  var every = Number(body.dataset.poll) || 250;
  var tabs = document.querySelectorAll("a.tab");

  function show(name) {
    var panel = document.getElementById("panel-" + name);
    if (!panel) { name = "page"; panel = document.getElementById("panel-page"); }
    document.querySelectorAll(".panel").forEach(function (p) { p.hidden = p !== panel; });
    tabs.forEach(function (a) { a.classList.toggle("active", a.dataset.panel === name); });
    if (panel) {
      panel.querySelectorAll("iframe[data-src]").forEach(function (f) {
        if (!f.getAttribute("src")) { f.setAttribute("src", f.dataset.src); }
      });
    }
  }

  // Keep where the reader was in each view across the reloads.
  function remember() {
    document.querySelectorAll("iframe").forEach(function (f) {
      try { sessionStorage.setItem("scroll-" + f.id, String(f.contentWindow.scrollY)); } catch (e) {}
    });
  }
  document.querySelectorAll("iframe").forEach(function (f) {
    f.addEventListener("load", function () {
      try {
        var y = Number(sessionStorage.getItem("scroll-" + f.id) || 0);
        if (y) { f.contentWindow.scrollTo(0, y); }
      } catch (e) {}
    });
  });

  var offline = document.getElementById("offline");
  function poll() {
    fetch("/version", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (data) {
      if (offline) { offline.hidden = true; }
      if (data.version !== current) { remember(); location.reload(); return; }
      setTimeout(poll, every);
    }).catch(function () {
      if (offline) { offline.hidden = false; }
      setTimeout(poll, 1000);
    });
  }

  window.addEventListener("hashchange", function () { show(location.hash.slice(1)); });
  show(location.hash.slice(1) || "page");
  setTimeout(poll, every);
})();
"""
