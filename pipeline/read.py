"""Reading: turn the command line's inputs into a stream of documents.

Inputs are `.txt` files, folders (read recursively), glob patterns, `.jsonl`/`.jsonl.gz` files
with one `{"id", "text"}` object per line (plus optional `date`, `source`, `title`), and `-` for
standard input. A folder may hold a `metadata.jsonl` sidecar (`id`, `file`, `title`, `date`,
`source`) for its `.txt` files.

Nothing here raises for bad input: every problem becomes a `ReadFailure` in the stream, in
input order, and reading goes on with the next document.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.dates import BAD_DATE, BadDate, document_date
from pipeline.document import Document, SourceInfo
from pipeline.encoding import DecodeError, decode

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)
METADATA_FILE = "metadata.jsonl"
# A folder holding this file is not read: what it holds are not articles (corpus/gold/).
IGNORE_FILE = ".pipeline-ignore"
GLOB_CHARS = re.compile(r"[*?\[]")
MAX_TITLE_CHARS = 300
DEFAULT_MAX_DOC_BYTES = 5 * 1024 * 1024
READ_CHUNK = 1 << 20


@dataclass(slots=True)
class ReadFailure:
    """An input that could not be read as a document, with the reason why."""

    doc_id: str
    reason: str
    message: str
    path: str
    line: int | None = None
    sha256: str | None = None


@dataclass(slots=True)
class InputFile:
    """One input as the run manifest lists it."""

    path: str
    sha256: str | None
    bytes: int | None


class Reader:
    """Iterate over the documents of all inputs, in order."""

    def __init__(
        self,
        inputs: list[str],
        max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES,
        stdin: IO[bytes] | None = None,
    ) -> None:
        self.inputs = inputs
        self.max_doc_bytes = max_doc_bytes
        self.stdin = stdin
        self.input_files: list[InputFile] = []
        self._metadata: dict[Path, dict[str, dict[str, Any]]] = {}

    def __iter__(self) -> Iterator[Document | ReadFailure]:
        for argument in self.inputs:
            yield from self._read_argument(argument)

    def _read_argument(self, argument: str) -> Iterator[Document | ReadFailure]:
        if argument == "-":
            yield from self._read_stdin()
            return
        path = Path(argument)
        if path.is_dir():
            yield from self._read_folder(path)
        elif path.is_file():
            yield from self._read_file(path, path.stem if not _is_jsonl(path) else None)
        elif GLOB_CHARS.search(argument):
            yield from self._read_glob(argument)
        else:
            yield ReadFailure(argument, "not_found", f"input not found: {argument}", argument)

    def _read_glob(self, pattern: str) -> Iterator[Document | ReadFailure]:
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            yield ReadFailure(pattern, "not_found", f"no file matches {pattern!r}", pattern)
        for match in matches:
            path = Path(match)
            if path.is_dir():
                yield from self._read_folder(path)
            elif _is_readable_file(path):
                yield from self._read_file(path, None if _is_jsonl(path) else path.stem)

    def _read_folder(self, folder: Path) -> Iterator[Document | ReadFailure]:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and _is_readable_file(p))
        ignored = [marker.parent for marker in folder.rglob(IGNORE_FILE)]
        for path in files:
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if any(path.is_relative_to(skipped) for skipped in ignored):
                continue
            relative = path.relative_to(folder).with_suffix("").as_posix()
            yield from self._read_file(path, None if _is_jsonl(path) else relative)

    def _read_file(self, path: Path, doc_id: str | None) -> Iterator[Document | ReadFailure]:
        if _is_jsonl(path):
            self.input_files.append(InputFile(str(path), _file_sha256(path), path.stat().st_size))
            yield from self._read_jsonl_file(path)
        else:
            yield self._read_text_file(path, doc_id or path.stem)

    def _read_text_file(self, path: Path, doc_id: str) -> Document | ReadFailure:
        """One article; its bytes are read once, for both the document and the manifest."""
        size = path.stat().st_size
        if size > self.max_doc_bytes:
            sha = _file_sha256(path)  # streamed: a huge file is never held in memory
            self.input_files.append(InputFile(str(path), sha, size))
            message = _too_large_message(size, self.max_doc_bytes)
            return ReadFailure(doc_id, "too_large", message, str(path), sha256=sha)
        raw = path.read_bytes()
        document = self._text_document(raw, doc_id, str(path), None, self._metadata_for(path))
        sha = document.source.sha256 if isinstance(document, Document) else document.sha256
        self.input_files.append(InputFile(str(path), sha, len(raw)))
        return document

    def _text_document(
        self, raw: bytes, doc_id: str, path: str, line: int | None, meta: dict[str, Any]
    ) -> Document | ReadFailure:
        sha = hashlib.sha256(raw).hexdigest()
        try:
            text, encoding = decode(raw)
        except DecodeError as error:
            return ReadFailure(doc_id, error.reason, error.message, path, line, sha)
        if not text.strip():
            return ReadFailure(doc_id, "empty", "the document is empty", path, line, sha)
        doc = Document(doc_id=doc_id, text=text, source=SourceInfo(path, sha, encoding, line))
        doc.title = meta.get("title") or _first_line(text)
        doc.date = _checked_date(meta.get("date"), doc.warnings)
        doc.outlet = meta.get("source")
        return doc

    def _metadata_for(self, path: Path) -> dict[str, Any]:
        folder = path.parent
        if folder not in self._metadata:
            self._metadata[folder] = _load_metadata(folder / METADATA_FILE)
        return self._metadata[folder].get(path.name, {})

    def _read_jsonl_file(self, path: Path) -> Iterator[Document | ReadFailure]:
        opener = gzip.open if path.name.endswith(".gz") else open
        try:
            with opener(path, "rb") as stream:
                yield from self.read_jsonl_stream(stream, str(path), path.name)
        except (OSError, EOFError, zlib.error) as error:
            yield ReadFailure(
                f"{path.name}:corrupt",
                "corrupt_file",
                f"could not read the rest of {path}: {error}",
                str(path),
            )

    def read_jsonl_stream(
        self, stream: IO[bytes], path: str, name: str
    ) -> Iterator[Document | ReadFailure]:
        """Documents of one open JSONL stream (`name` builds ids for lines without one)."""
        for line_number, raw in enumerate(_bounded_lines(stream, self.max_doc_bytes), start=1):
            fallback_id = f"{name}:{line_number}"
            if raw is None:
                yield ReadFailure(
                    fallback_id,
                    "too_large",
                    f"line {line_number}: over the {_megabytes(self.max_doc_bytes)} limit",
                    path,
                    line_number,
                )
                continue
            if raw.strip():
                yield self._jsonl_document(raw.rstrip(b"\r\n"), path, line_number, fallback_id)

    def _jsonl_document(
        self, raw: bytes, path: str, line: int, fallback_id: str
    ) -> Document | ReadFailure:
        sha = hashlib.sha256(raw).hexdigest()
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            return ReadFailure(
                fallback_id,
                "undecodable",
                f"line {line}: not UTF-8 ({error.reason})",
                path,
                line,
                sha,
            )
        except json.JSONDecodeError as error:
            return ReadFailure(
                fallback_id,
                "malformed_json",
                f"line {line}: malformed JSON: {error}",
                path,
                line,
                sha,
            )
        problem = _record_problem(record)
        doc_id = _record_id(record, fallback_id)
        if problem:
            return ReadFailure(doc_id, "bad_record", f"line {line}: {problem}", path, line, sha)
        doc = Document(
            doc_id=doc_id, text=record["text"], source=SourceInfo(path, sha, "utf-8", line)
        )
        if "id" not in record:
            doc.warnings.append(f"no id on line {line}: using {fallback_id!r}")
        doc.title = record.get("title") or _first_line(doc.text)
        doc.date = _checked_date(record.get("date"), doc.warnings)
        doc.outlet = record.get("source")
        return doc

    def _read_stdin(self) -> Iterator[Document | ReadFailure]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        hashing = HashingStream(stream)
        head = _peek(stream)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
            yield from self.read_jsonl_stream(hashing, "<stdin>", "stdin")
        else:
            raw = hashing.read(self.max_doc_bytes + 1)
            if len(raw) > self.max_doc_bytes:
                yield ReadFailure(
                    "stdin",
                    "too_large",
                    f"standard input is over the {_megabytes(self.max_doc_bytes)} limit",
                    "<stdin>",
                )
            else:
                yield self._text_document(raw, "stdin", "<stdin>", None, {})
        self.input_files.append(InputFile("<stdin>", hashing.hexdigest(), hashing.size))


class HashingStream:
    """A binary stream that hashes what is read through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def _seen(self, data: bytes) -> bytes:
        self.digest.update(data)
        self.size += len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._seen(self.stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self.stream.readline(size))

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(64)[:64] if peek else b""


def _bounded_lines(stream: Any, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary stream; a line longer than `max_bytes` gives None and is skipped."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line without holding it
                rest = stream.readline(READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _record_problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    text = record.get("text")
    if not isinstance(text, str):
        return 'no "text" string in the record'
    if not text.strip():
        return "the document is empty"
    if "id" in record and not isinstance(record["id"], str | int):
        return '"id" must be a string or an integer'
    for key in ("title", "source", "date"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f'"{key}" must be a string'
    return None


def _record_id(record: Any, fallback: str) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str | int):
        return str(record["id"])
    return fallback


def _load_metadata(path: Path) -> dict[str, dict[str, Any]]:
    """`file name -> metadata` from a folder's metadata.jsonl; unreadable lines are skipped."""
    if not path.is_file():
        return {}
    entries = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                entries[entry["file"]] = entry
    return entries


def _checked_date(value: Any, warnings: list[str]) -> str | None:
    """The document date of `value`; a bad one is dropped with a `bad_date` warning."""
    if value is None:
        return None
    try:
        return document_date(value)
    except BadDate as problem:
        warnings.append(f"{BAD_DATE}: {problem}: dropped, the document has no date")
        return None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:MAX_TITLE_CHARS]
    return None


def _is_jsonl(path: Path) -> bool:
    return path.name.endswith(JSONL_SUFFIXES)


def _is_readable_file(path: Path) -> bool:
    return path.name != METADATA_FILE and path.name.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _too_large_message(size: int, limit: int) -> str:
    return (
        f"the file is {_megabytes(size)}, over the {_megabytes(limit)} per-document limit "
        "(--max-doc-bytes); split it or raise the limit"
    )
