#!/usr/bin/python3
# make-corpus.py: a benchmark library of N stored-ZIP comics with ComicInfo.xml
#
#   build-aux/make-corpus.py DEST [--books N] [--per-series M] [--pages P] [--tiny]
#
# Series folders of M books ("Series 0001/Series 0001 #001 (2011).cbz"), each book a
# stored (uncompressed) ZIP, as most .cbz files are: P JPEG pages followed by a
# ComicInfo.xml (Series, Number, Title, Year, Month, Writer, Penciller, Genre, Summary,
# PageCount, LanguageISO, <Pages>). The JPEG pages are real images made once with
# ImageMagick (`convert`): four different 800x1200 pages of 40-120 KB (P = 6 by default); with
# --tiny a 16x24 page of a few hundred bytes and one page per book (for 100,000-book
# scale runs). The corpus is deterministic for given arguments; an existing complete
# corpus at DEST is reused (a marker file records the arguments).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

GENRES = ["Science Fiction", "Adventure", "Mystery", "Fantasy", "Horror", "Superhero", "Drama"]
WRITERS = ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Ward", "Eli Stone", "Maya Ortiz", "Sato Hana"]


def make_pages(tiny, count, workdir):
    """A few real JPEG pages, made once with ImageMagick."""
    pages = []
    size = "16x24" if tiny else "800x1200"
    looks = ["plasma:orange-navy", "plasma:fractal", "plasma:ivory-slategray", "plasma:tan-darkgreen"]
    for i in range(count):
        path = os.path.join(workdir, "page-%d.jpg" % i)
        subprocess.run(["convert", "-seed", str(i + 1), "-size", size, looks[i % len(looks)],
                        "-blur", "0x1", "-quality", "80", path],
                       check=True, timeout=120)
        with open(path, "rb") as f:
            pages.append(f.read())
    return pages


def comicinfo(series, number, pages, year):
    writer = WRITERS[(series + number) % len(WRITERS)]
    penciller = WRITERS[(series * 3 + number) % len(WRITERS)]
    genre = ", ".join(sorted({GENRES[series % len(GENRES)], GENRES[(series + 2) % len(GENRES)]}))
    page_list = "".join('<Page Image="%d"%s/>' % (i, ' Type="FrontCover"' if i == 0 else "")
                        for i in range(pages))
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<ComicInfo xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
            "  <Title>Chapter %d</Title>\n"
            "  <Series>Series %04d</Series>\n"
            "  <Number>%d</Number>\n"
            "  <Year>%d</Year>\n"
            "  <Month>%d</Month>\n"
            "  <Writer>%s</Writer>\n"
            "  <Penciller>%s</Penciller>\n"
            "  <Genre>%s</Genre>\n"
            "  <Summary>Issue %d of a generated series, for benchmarks &amp; tests.</Summary>\n"
            "  <PageCount>%d</PageCount>\n"
            "  <LanguageISO>en</LanguageISO>\n"
            "  <Pages>%s</Pages>\n"
            "</ComicInfo>\n") % (number, series, number, year, 1 + number % 12, writer, penciller,
                                 genre, number, pages, page_list)


def main():
    parser = argparse.ArgumentParser(description="Make a benchmark library of stored-ZIP comics")
    parser.add_argument("dest")
    parser.add_argument("--books", type=int, default=10000)
    parser.add_argument("--per-series", type=int, default=25)
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--tiny", action="store_true")
    args = parser.parse_args()
    n_pages = args.pages if args.pages is not None else (1 if args.tiny else 6)

    marker = os.path.join(args.dest, ".corpus.json")
    wanted = {"books": args.books, "per_series": args.per_series, "pages": n_pages, "tiny": args.tiny}
    if os.path.exists(marker):
        with open(marker) as f:
            if json.load(f) == wanted:
                print("make-corpus: reusing %s" % args.dest, file=sys.stderr)
                return 0
        print("make-corpus: %s holds another corpus; remove it first" % args.dest, file=sys.stderr)
        return 2
    if os.path.exists(args.dest) and os.listdir(args.dest):
        print("make-corpus: %s exists and is not empty" % args.dest, file=sys.stderr)
        return 2

    os.makedirs(args.dest, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        images = make_pages(args.tiny, 1 if args.tiny else 4, workdir)

    for i in range(args.books):
        series = i // args.per_series + 1
        number = i % args.per_series + 1
        year = 2000 + series % 24
        folder = os.path.join(args.dest, "Series %04d" % series)
        if number == 1:
            os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "Series %04d #%03d (%d).cbz" % (series, number, year))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
            for p in range(n_pages):
                z.writestr(zipfile.ZipInfo("%03d.jpg" % (p + 1), (year, 1, 1, 0, 0, 0)),
                           images[(i + p) % len(images)])
            z.writestr(zipfile.ZipInfo("ComicInfo.xml", (year, 1, 1, 0, 0, 0)),
                       comicinfo(series, number, n_pages, year))
        if (i + 1) % 5000 == 0:
            print("make-corpus: %d books" % (i + 1), file=sys.stderr)

    with open(marker, "w") as f:
        json.dump(wanted, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
