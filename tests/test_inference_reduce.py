"""Date inference as the Dask engine runs it (`timeline.distributed._Loader._inferred`): the
candidates found and compared in full by `infer_chunk` tasks over what the map wrote to the
articles Parquet (`story_print_and_comparison`). It must date exactly what `timeline.inference.infer_dates` dates, from the same lenders."""
from __future__ import annotations

from dataclasses import replace

from tests.test_inference import S1, S2, S3, dated, story_maker, undated
from timeline.inference import infer_dates, story_print, story_print_and_comparison


def _articles():
    story = story_maker(11, 2000)

    lenders = [dated(story(), f"2016-{m:02d}-{d:02d}", f"d{m}-{d}.txt") for m in range(1, 7) for d in range(1, 21)]
    copies = [undated(". ".join(lenders[k].text.split(". ")[1:4]) + ". and more.", f"c{k}.txt")
              for k in range(0, 120, 7)]
    # the tie rules: most shared passages wins, then the earliest date
    lenders += [dated(" ".join([S1, S2, S3]), "2015-03-01", "three.txt"),
                dated(" ".join([S1, S2]), "2015-01-01", "two.txt"),
                dated(" ".join([S2, S3, S1]), "2015-02-01", "three-b.txt")]
    copies += [undated(" ".join([S3, S2, S1]), "copy.txt"), undated(story(), "alone.txt")]
    return lenders + copies


def _loader(articles, root):
    """A loader as after the load of a fresh run: the articles in two Parquet parts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from timeline.distributed import _Engine, _Loader

    loader = object.__new__(_Loader)
    loader.fresh, loader.root, loader.eng = True, root, _Engine(None, "sync", progress=False)
    loader.prints, loader._where = {}, {}
    (root / "articles").mkdir()
    for part, chunk in enumerate((articles[::2], articles[1::2])):
        written = [story_print_and_comparison(a.text) for a in chunk]
        seqs = [3 * k + 1 for k in range(len(chunk))]   # numbers in the run, not rows
        pq.write_table(pa.table({"seq": pa.array(seqs, pa.int32()), "id": [a.id for a in chunk],
                                 "sampled": [w[0].sampled for w in written], "n_words": [w[1] for w in written],
                                 "long": [w[2] for w in written], "shingles": [w[3] for w in written]}),
                       root / "articles" / f"part-{part:06d}.parquet")
        for a, w, seq in zip(chunk, written, seqs):
            loader.prints[a.id], loader._where[a.id] = w[0], (part, seq)
    return loader


def test_the_reduce_dates_what_infer_dates_dates(tmp_path):
    articles = _articles()
    # the store lists them dated first; the reduce is given them without their texts
    stored = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.path))
    expected = infer_dates(stored)
    assert len(expected) > 10
    got = _loader(articles, tmp_path)._inferred([replace(a, text="") for a in stored])
    assert [(a.id, a.published, a.inferred_from, a.date_reason) for a in got] == \
        [(a.id, a.published, a.inferred_from, a.date_reason) for a in expected]


def test_the_written_comparison_is_the_texts():
    import numpy as np

    from timeline.inference import text_shingle_set

    for a in _articles()[:5]:
        p, n, _, shingles = story_print_and_comparison(a.text)
        assert p == story_print(a.text)
        assert np.array_equal(np.unique(np.frombuffer(shingles, dtype="<i8")), text_shingle_set(a.text))


def test_the_index_of_written_prints_is_the_prints_index():
    import numpy as np

    from timeline.inference import _LenderIndex, index_of_sampled

    prints = [story_print(a.text) for a in _articles()]
    ours, theirs = index_of_sampled([p.sampled for p in prints]), _LenderIndex(prints)
    assert np.array_equal(ours.hashes, theirs.hashes) and np.array_equal(ours.owners, theirs.owners)
