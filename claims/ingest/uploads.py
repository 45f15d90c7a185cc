"""Files uploaded through the browser, read exactly as ``import_articles`` reads files on disk.

The uploads are written to a private temporary folder and read there by claims.ingest.readers, so an
upload gets the same records and the same messages as the command; a ``.csv`` among them is the manifest
(columns ``path,publisher,published``, paths being the uploaded file names). Messages name the uploaded
file, never the temporary folder.
"""

import dataclasses
import datetime
import tempfile
from collections.abc import Iterable
from pathlib import Path

from claims.ingest.readers import (
    Defaults,
    InputError,
    ReadResult,
    read_inputs,
    read_manifest,
)

MANIFEST_SUFFIX = ".csv"
NO_NAME = "an uploaded file has no usable name"
TWO_MANIFESTS = "upload at most one manifest (.csv file)"


@dataclasses.dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the browser gave it and its bytes."""

    name: str
    content: bytes


def read_uploads(
    uploads: Iterable[Upload], *, publisher: str = "", published_on: datetime.date | None = None
) -> list[ReadResult]:
    """One ReadResult per article in the uploads, in upload order (``publisher`` and ``published_on``
    fill what the files and the manifest leave open).

    Raises InputError for a problem with the upload as a whole (TWO_MANIFESTS, a bad manifest) before
    anything is read; a problem with one file is a ReadResult with its reason, as for the command.
    """
    uploads = list(uploads)
    manifests = [upload for upload in uploads if upload.name.lower().endswith(MANIFEST_SUFFIX)]
    if len(manifests) > 1:
        raise InputError(TWO_MANIFESTS)
    with tempfile.TemporaryDirectory(prefix="factcheck-upload-") as folder:
        root = Path(folder).resolve()
        paths, results = [], []
        for position, upload in enumerate(uploads):
            # Only the last part of the name counts: an upload cannot write outside the folder.
            name = Path(upload.name.replace("\\", "/")).name
            if not name or name in {".", ".."}:
                results.append(ReadResult(source=f"upload {position + 1}", error=NO_NAME))
                continue
            path = root / name
            path.write_bytes(upload.content)
            if upload not in manifests:
                paths.append(path)
        entries = {}
        if manifests:
            manifest = root / Path(manifests[0].name.replace("\\", "/")).name
            try:
                entries = read_manifest(manifest)
            except InputError as error:
                raise InputError(_unrooted(str(error), root)) from None
        defaults = Defaults(publisher=publisher.strip(), published_on=published_on, manifest=entries)
        results += [_named(result, root) for result in read_inputs(paths, defaults)]
    return results


def _named(result: ReadResult, root: Path) -> ReadResult:
    record = result.record
    if record is not None:
        record = dataclasses.replace(record, source=_unrooted(record.source, root))
    return dataclasses.replace(result, source=_unrooted(result.source, root), record=record,
                               error=_unrooted(result.error, root))


def _unrooted(text: str, root: Path) -> str:
    return text.replace(f"{root}/", "").replace(str(root), "")
