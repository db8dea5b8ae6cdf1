"""The pipeline over a batch (`process_articles`): the same results as one article at a
time, and an article that fails does not take the others with it."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from timeline.pipeline import process_article, process_articles
from timeline.readers import read_file

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_a_batch_gives_what_one_article_at_a_time_gives(gz):
    articles = [a for p in sorted(SEEDS.glob("*.txt")) for a in read_file(p)]
    batch = process_articles(articles, gz)
    assert len(batch) == len(articles) == 5
    assert batch == [process_article(a, gz) for a in articles]
    assert sum(len(r.events) for r in batch) > 0 and any(r.article.published for r in batch)


def test_an_article_that_fails_gets_its_error_and_the_others_their_results(gz):
    articles = [a for p in sorted(SEEDS.glob("*.txt")) for a in read_file(p)][:3]
    broken = replace(articles[1], text=None)   # no stage can read it
    batch = process_articles([articles[0], broken, articles[2]], gz)
    assert isinstance(batch[1], Exception)
    assert batch[0] == process_article(articles[0], gz) and batch[2] == process_article(articles[2], gz)
