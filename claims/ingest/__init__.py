"""Articles in: readers turn files into article records, the importer stores them with their extracted
claims in one transaction, syndication finds reprints by their text (similarity)."""
