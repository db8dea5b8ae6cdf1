"""Dates inferred from passages shared with a dated article."""
from __future__ import annotations

import random

from timeline.inference import infer_dates, shared_sentences
from timeline.records import Article

S1 = ("The provincial council said on its website that the convoy of buses carrying families "
      "left the northern town before dawn and reached the camp by the river late in the evening.")
S2 = ("Aid workers at the camp told reporters that more than two hundred people had arrived "
      "without food or water and that the only clinic there had already run out of medicine.")
S3 = ("A commander of the local militia said his men would keep the road open for as long as "
      "the shelling from the hills allowed them to, but gave no timetable for the next convoy.")
SHORT = "The road is open. Families are safe. The clinic is closed. More buses come soon."


def dated(text: str, day: str, path: str, source: str = "text") -> Article:
    return Article.from_text(text, path=path).with_date(day, source=source, reason="test")


def undated(text: str, path: str = "copy.txt") -> Article:
    return Article.from_text(text, path=path)


def test_copy_sharing_several_long_sentences_gets_inferred_date():
    original = dated("Convoy reaches camp\n" + " ".join([S1, S2, S3]), "2015-02-12", "wire/a.txt")
    copy = undated("Families reach camp\nBy our correspondent.\n" + S1 + "\n" + S2 + " Nothing else is known.")
    [got] = infer_dates([original, copy])
    assert (got.id, got.published, got.published_precision) == (copy.id, "2015-02-12", "day")
    assert (got.date_source, got.inferred_from) == ("inferred", original.id)
    assert "wire/a.txt" in got.date_reason and "2 passages" in got.date_reason
    assert copy.published is None  # the input is not changed


def test_punctuation_and_case_do_not_hide_a_copy():
    original = dated(" ".join([S1, S2]), "2015-02-12", "a.txt")
    copy = undated("«" + S1.upper().replace(",", "") + "» — " + S2.replace(" that ", ", that "))
    assert shared_sentences(copy.text, original.text) == 2
    assert len(infer_dates([original, copy])) == 1


def test_one_shared_sentence_is_a_quote_not_a_story():
    original = dated(" ".join([S1, S2]), "2015-02-12", "a.txt")
    copy = undated("Different story entirely. " + S1 + " Then the report went on about other things.")
    assert infer_dates([original, copy]) == []


def test_short_shared_sentences_do_not_count():
    original = dated(SHORT + " " + S1, "2015-02-12", "a.txt")
    copy = undated(SHORT + " A different long sentence follows here about the weather and the harvest.")
    assert shared_sentences(copy.text, original.text) == 0
    assert infer_dates([original, copy]) == []


def test_time_is_not_copied_only_the_day():
    original = Article.from_text(" ".join([S1, S2]), path="a.txt").with_date(
        "2015-02-12T23:50:00+00:00", source="text")
    [got] = infer_dates([original, undated("Camp update\n" + S1 + " " + S2)])
    assert got.published == "2015-02-12"


def test_no_chains_inferred_dates_are_not_lent():
    inferred = dated(" ".join([S1, S2]), "2015-02-12", "a.txt", source="inferred")
    copy = undated("Camp update\n" + S1 + " " + S2)
    assert infer_dates([inferred, copy]) == []
    lent = dated(" ".join([S1, S2]), "2015-02-12", "a.txt", source="user")
    assert [a.id for a in infer_dates([lent, copy])] == [copy.id]


def test_dated_articles_are_never_redated():
    a = dated(" ".join([S1, S2]), "2015-02-12", "a.txt")
    b = dated(" ".join([S1, S2, S3]), "2016-01-01", "b.txt", source="manifest")
    assert infer_dates([a, b]) == []


def test_most_shared_wins_then_earliest():
    three = dated(" ".join([S1, S2, S3]), "2015-03-01", "three.txt")
    two_early = dated(" ".join([S1, S2]), "2015-01-01", "two.txt")
    copy = undated(" ".join([S3, S2, S1]))
    [got] = infer_dates([two_early, three, copy])
    assert got.inferred_from == three.id
    also_three = dated(" ".join([S2, S3, S1]), "2015-02-01", "three-b.txt")
    [got] = infer_dates([three, also_three, copy])
    assert got.inferred_from == also_three.id


def story_maker(seed: int, words: int):
    """A maker of invented stories: eight sentences of twenty words from a vocabulary of
    `words` ("w0" ... ), different on every call, the same for the same seed."""
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(words)]

    def story() -> str:
        return " ".join(" ".join(rnd.choices(vocab, k=20)) + "." for _ in range(8))
    return story


def test_finds_the_right_story_among_many():
    story = story_maker(7, 3000)

    corpus = [dated(story(), f"2016-{m:02d}-{d:02d}", f"d{m}-{d}.txt") for m in range(1, 13) for d in range(1, 29)]
    target = corpus[100]
    sentences = target.text.split(". ")
    copy = undated(". ".join(sentences[2:5]) + ". plus an ending of its own.")
    noise = [undated(story(), f"u{i}.txt") for i in range(50)]
    got = infer_dates(corpus + noise + [copy])
    assert [(a.id, a.inferred_from, a.published) for a in got] == [(copy.id, target.id, target.published)]


def test_boilerplate_on_many_dates_is_not_a_shared_story():
    footer = ("This material may not be published, broadcast, rewritten or redistributed in any form "
              "without the written permission of the publishing house and its partners. "
              "Readers who wish to share this article with friends and colleagues should use the links "
              "provided on this page rather than copying the text into other websites.")
    site = [dated(f"Story number {i} about the harvest and the weather in the hills.\n" + footer,
                  f"2016-{m:02d}-10", f"site/{i}.txt") for i, m in enumerate((1, 4, 8))]
    copy = undated("An undated story about a different harvest entirely.\n" + footer)
    assert shared_sentences(copy.text, site[0].text) == 2  # the sentences are there...
    assert infer_dates(site + [copy]) == []                # ...but they are boilerplate
    assert len(infer_dates(site[:2] + [copy])) == 1        # on two dates it could still be a story


def test_story_prints_are_the_same_in_every_process():
    # stored prints are compared with prints computed by a later process: Python's own
    # str hash would differ from one process to the next
    import os
    import subprocess
    import sys

    from timeline.inference import story_print

    code = ("import sys; from timeline.inference import story_print; "
            "p = story_print(sys.argv[1]); print(p.sampled.hex(), p.sentences.hex())")
    text = " ".join([S1, S2, S3])
    outs = {tuple(subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True,
                                 env={**os.environ, "PYTHONHASHSEED": seed}).stdout.split())
            for seed in ("1", "2")}
    p = story_print(text)
    assert outs == {(p.sampled.hex(), p.sentences.hex())}
    assert len(p.sentences) == 3 * 8 and p.sampled  # three long sentences, and some sampled runs


def test_prints_and_fetched_texts_give_the_same_dates_as_texts():
    source = dated(" ".join([S1, S2, S3]), "2015-02-12", "a.txt")
    copy = undated("Headline\n" + S1 + " " + S2)
    other = dated(S3 + " Nothing else is shared here at all.", "2016-01-01", "b.txt")
    full = infer_dates([source, copy, other])
    from dataclasses import replace

    from timeline.inference import story_print

    texts = {a.id: a.text for a in (source, other)}
    prints = {a.id: story_print(a.text) for a in (source, other)}
    fetched = []
    bare = [replace(a, text="") for a in (source, other)]
    via_prints = infer_dates(bare + [copy], prints=prints, text_of=lambda i: fetched.append(i) or texts[i])
    assert [(a.id, a.published, a.inferred_from) for a in via_prints] == \
           [(a.id, a.published, a.inferred_from) for a in full] == [(copy.id, "2015-02-12", source.id)]
    assert fetched == [source.id]  # only the candidate compared in full is fetched
