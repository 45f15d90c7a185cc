"""The reviewer pages under /review/: views, forms, urls, the timeline chart and the article text segments."""
