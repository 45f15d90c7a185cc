"""``manage.py export_claims [--format json|csv|jsonld] [--output FILE]``: verified data, as the API's
``GET /api/v1/export/`` gives it (claims.api.exports); standard output when no file is named."""

import sys

from claims.api import exports
from claims.management.base import DataCommand


class Command(DataCommand):
    help = "Export verified claims (json, csv) or ClaimReviews of published verdicts (jsonld)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=exports.FORMATS, default="json", dest="export_format")
        parser.add_argument("--output", help="file to write (standard output when not given)")

    def handle(self, *args, export_format, output, **options):
        if output:
            with open(output, "wb") as handle:
                exports.write(export_format, handle.write)
        else:
            # Bytes straight to the stream, so the output is the API's byte for byte.
            target = getattr(self.stdout, "_out", sys.stdout)
            binary = getattr(target, "buffer", None)
            if binary is not None:
                exports.write(export_format, binary.write)
                binary.flush()
            else:
                exports.write(export_format, lambda chunk: target.write(chunk.decode()))
