"""The REST API under /api/v1/: read-only viewsets over verified data, review actions, full exports.

Modules: ``access`` (who sees what: the one place of the no-leak rule), ``views`` (viewsets and the export
view), ``urls`` (router), ``errors`` (exception handler and documented error responses), ``conditional``
(ETag / Last-Modified), ``pagination``, ``throttling``.
"""
