"""The core of the review side. Every write (review, figures, verdicts, assignments, proposals) is one atomic
function that checks roles, locks by version and writes history; the reads (visibility, conflicts, sources,
suggestions, matching, history, timeline) are what the interfaces show. Interfaces import from here, never
the other way round."""
