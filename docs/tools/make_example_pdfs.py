#!/usr/bin/env python3
"""Erzeugt die Beispiel-PDFs der Beispielwebsite (content/static/docs/).

Nur Python-Standardbibliothek. Die Dateien sind gültige PDF-1.4-Dokumente:
- Schrift Helvetica / Helvetica-Bold (Standardschriften, nicht eingebettet)
  mit WinAnsiEncoding, damit Umlaute, ß, Gedankenstrich und Anführungszeichen
  richtig erscheinen;
- Titel im Info-Verzeichnis und DisplayDocTitle, Sprache /Lang (de-DE);
- eine einfache Tag-Struktur (H1, H2, P, L/LI/Lbl/LBody, Table/TR/TH/TD),
  Kopf- und Fußzeilen als Artefakte, damit Screenreader den Text in der
  richtigen Reihenfolge vorlesen;
- korrekte xref-Tabelle mit Byte-Offsets.

Aufruf (aus dem Wurzelverzeichnis des Repositorys):

    python3 docs/tools/make_example_pdfs.py [ZIELVERZEICHNIS]

Ohne Argument schreibt das Skript nach content/static/docs/. Die Ausgabe ist
deterministisch: gleiche Eingabe, gleiche Bytes.
"""

import os
import sys

# ---------------------------------------------------------------------------
# Schriftmetrik (Breiten aus den Adobe-AFM-Dateien, Einheit 1/1000 em)
# ---------------------------------------------------------------------------

_HELV = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191,
    "(": 333, ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278,
    ":": 278, ";": 278, "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722,
    "I": 278, "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667,
    "Q": 778, "R": 722, "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667,
    "Y": 667, "Z": 611, "[": 278, "\\": 278, "]": 278, "^": 469, "_": 556, "`": 333,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556,
    "i": 222, "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556,
    "q": 556, "r": 333, "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500,
    "y": 500, "z": 500, "{": 334, "|": 260, "}": 334, "~": 584,
    "Ä": 667, "Ö": 778, "Ü": 722, "ä": 556, "ö": 556, "ü": 556, "ß": 611,
    "é": 556, "–": 556, "—": 1000, "„": 333, "“": 333, "”": 333, "‚": 222, "‘": 222,
    "’": 222, "€": 556, "§": 556, "•": 350, "·": 278, "…": 1000, "°": 400, "²": 333,
}
for _d in "0123456789":
    _HELV[_d] = 556

# Helvetica-Bold ist etwas breiter; für den Zeilenumbruch genügt eine Näherung.
_BOLD_FACTOR = 1.08


def text_width(text, size, bold=False):
    w = sum(_HELV.get(ch, 556) for ch in text) * size / 1000.0
    return w * _BOLD_FACTOR if bold else w


def wrap(text, size, width, bold=False):
    words = text.split()
    lines, line = [], ""
    for word in words:
        candidate = word if not line else line + " " + word
        if text_width(candidate, size, bold) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def pdf_string(text):
    """Literal string in WinAnsiEncoding (cp1252) for page content."""
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        else:
            out.append(b)
    out += b")"
    return bytes(out)


def pdf_text_string(text):
    """Text string for the document information (UTF-16BE with BOM)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


# ---------------------------------------------------------------------------
# Seitenlayout
# ---------------------------------------------------------------------------

PAGE_W, PAGE_H = 595, 842          # A4 in Punkt
MARGIN_L, MARGIN_R = 72, 72
TOP, BOTTOM = 770, 80
CONTENT_W = PAGE_W - MARGIN_L - MARGIN_R

STYLES = {
    # Schriftgröße, Zeilenabstand, fett, Abstand davor, Abstand danach
    "h1": (20, 26, True, 0, 14),
    "h2": (14, 19, True, 12, 6),
    "h3": (11.5, 16, True, 8, 4),
    "p": (10.5, 15, False, 0, 8),
    "small": (9, 13, False, 0, 8),
}


class Page:
    def __init__(self):
        self.ops = []          # content stream lines (bytes)
        self.mcid = 0
        self.parents = []      # struct element index for each MCID

    def next_mcid(self, elem_index):
        m = self.mcid
        self.mcid += 1
        self.parents.append(elem_index)
        return m


class Layout:
    """Lays out blocks onto pages and records the structure tree."""

    def __init__(self, running_title):
        self.running_title = running_title
        self.pages = []
        self.elems = []        # dicts: {"type", "parent", "kids": [...], "page"}
        self.doc = self._elem("Document", None)
        self._new_page()

    def _elem(self, typ, parent):
        idx = len(self.elems)
        self.elems.append({"type": typ, "parent": parent, "kids": [], "page": None})
        if parent is not None:
            self.elems[parent]["kids"].append(("elem", idx))
        return idx

    def _new_page(self):
        self.page = Page()
        self.pages.append(self.page)
        self.y = TOP

    def _ensure(self, height):
        if self.y - height < BOTTOM:
            self._new_page()

    def _text_lines(self, elem, lines, size, leading, bold, x=MARGIN_L):
        page = self.page
        mcid = page.next_mcid(elem)
        self.elems[elem]["kids"].append(("mcid", len(self.pages) - 1, mcid))
        font = b"/F2" if bold else b"/F1"
        page.ops.append(b"/%s <</MCID %d>> BDC" % (self.elems[elem]["type"].encode(), mcid))
        page.ops.append(b"BT %s %s Tf %d TL" % (font, _num(size), leading))
        page.ops.append(b"%s %s Td" % (_num(x), _num(self.y - size)))
        for i, line in enumerate(lines):
            if i:
                page.ops.append(b"T*")
            page.ops.append(pdf_string(line) + b" Tj")
        page.ops.append(b"ET EMC")

    def block(self, kind, text):
        size, leading, bold, before, after = STYLES[kind]
        lines = wrap(text, size, CONTENT_W, bold)
        height = before + len(lines) * leading
        keep = 3 * 15 if kind.startswith("h") else 0   # Überschrift nicht allein unten
        if self.y != TOP:
            self._ensure(height + keep)
        if self.y != TOP:
            self.y -= before
        tag = {"h1": "H1", "h2": "H2", "h3": "H3", "p": "P", "small": "P"}[kind]
        elem = self._elem(tag, self.doc)
        self._text_lines(elem, lines, size, leading, bold)
        self.y -= len(lines) * leading + after

    def bullets(self, items):
        size, leading, _, _, after = STYLES["p"]
        indent = 16
        lst = self._elem("L", self.doc)
        for item in items:
            lines = wrap(item, size, CONTENT_W - indent)
            self._ensure(len(lines) * leading)
            li = self._elem("LI", lst)
            lbl = self._elem("Lbl", li)
            body = self._elem("LBody", li)
            self._text_lines(lbl, ["•"], size, leading, False)
            self._text_lines(body, lines, size, leading, False, x=MARGIN_L + indent)
            self.y -= len(lines) * leading + 3
        self.y -= after

    def table(self, header, rows, widths):
        size, leading = 9.5, 13
        pad = 4
        xs = [MARGIN_L]
        for w in widths[:-1]:
            xs.append(xs[-1] + w)
        total_w = sum(widths)
        tbl = self._elem("Table", self.doc)

        def row(cells, is_header):
            wrapped = [wrap(c, size, w - 2 * pad, is_header) for c, w in zip(cells, widths)]
            h = max(len(lines) for lines in wrapped) * leading + 2 * pad
            self._ensure(h)
            tr = self._elem("TR", tbl)
            top = self.y
            if is_header:
                self.page.ops.append(
                    b"/Artifact BMC 0.88 0.92 0.96 rg %s %s %s %s re f 0 g EMC"
                    % (_num(MARGIN_L), _num(top - h), _num(total_w), _num(h)))
            for lines, x in zip(wrapped, xs):
                cell = self._elem("TH" if is_header else "TD", tr)
                self.y = top - pad + 1
                self._text_lines(cell, lines, size, leading, is_header, x=x + pad)
            self.y = top - h
            self.page.ops.append(
                b"/Artifact BMC 0.6 G 0.5 w %s %s m %s %s l S EMC"
                % (_num(MARGIN_L), _num(self.y), _num(MARGIN_L + total_w), _num(self.y)))

        row(header, True)
        for r in rows:
            row(r, False)
        self.y -= 12

    def finish(self):
        total = len(self.pages)
        for n, page in enumerate(self.pages, 1):
            footer = "%s  ·  Seite %d von %d" % (self.running_title, n, total)
            page.ops.append(b"/Artifact BMC 0.4 G 0.5 w %d 60 m %d 60 l S EMC"
                            % (MARGIN_L, PAGE_W - MARGIN_R))
            page.ops.append(b"/Artifact BMC BT /F1 8.5 Tf %d 46 Td %s Tj ET EMC"
                            % (MARGIN_L, pdf_string(footer)))


def _num(v):
    if float(v).is_integer():
        return b"%d" % int(v)
    return (b"%.2f" % v).rstrip(b"0").rstrip(b".")


# ---------------------------------------------------------------------------
# PDF-Serialisierung
# ---------------------------------------------------------------------------

def write_pdf(path, title, subject, author, created, blocks):
    lay = Layout(title)
    for b in blocks:
        if b[0] == "ul":
            lay.bullets(b[1])
        elif b[0] == "table":
            lay.table(b[1], b[2], b[3])
        else:
            lay.block(b[0], b[1])
    lay.finish()

    # Objektnummern vergeben
    n_pages = len(lay.pages)
    CATALOG, PAGES, INFO, F1, F2, ROOT, PARENTTREE = 1, 2, 3, 4, 5, 6, 7
    first_page = 8
    page_obj = [first_page + 2 * i for i in range(n_pages)]
    content_obj = [first_page + 2 * i + 1 for i in range(n_pages)]
    first_elem = first_page + 2 * n_pages
    elem_obj = [first_elem + i for i in range(len(lay.elems))]
    objs = {}

    objs[CATALOG] = (b"<< /Type /Catalog /Pages 2 0 R /Lang (de-DE) /MarkInfo << /Marked true >>"
                     b" /StructTreeRoot %d 0 R /ViewerPreferences << /DisplayDocTitle true >> >>"
                     % ROOT)
    objs[PAGES] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % p for p in page_obj), n_pages)
    objs[INFO] = (b"<< /Title %s /Subject %s /Author %s /Creator %s /Producer %s"
                  b" /CreationDate (D:%s) /ModDate (D:%s) >>" % (
                      pdf_text_string(title), pdf_text_string(subject),
                      pdf_text_string(author),
                      pdf_text_string("fachwerk-Beispielinhalte (make_example_pdfs.py)"),
                      pdf_text_string("Python-Standardbibliothek"),
                      created.encode(), created.encode()))
    objs[F1] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objs[F2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    objs[ROOT] = (b"<< /Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d >>"
                  % (elem_obj[lay.doc], PARENTTREE, n_pages))
    nums = b" ".join(
        b"%d [%s]" % (i, b" ".join(b"%d 0 R" % elem_obj[e] for e in page.parents))
        for i, page in enumerate(lay.pages))
    objs[PARENTTREE] = b"<< /Nums [%s] >>" % nums

    for i, page in enumerate(lay.pages):
        stream = b"\n".join(page.ops) + b"\n"
        objs[page_obj[i]] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /StructParents %d /Tabs /S >>"
            % (PAGE_W, PAGE_H, content_obj[i], F1, F2, i))
        objs[content_obj[i]] = (b"<< /Length %d >>\nstream\n" % len(stream)) + stream + b"endstream"

    for idx, e in enumerate(lay.elems):
        parent = ROOT if e["parent"] is None else elem_obj[e["parent"]]
        kids, pg = [], None
        for k in e["kids"]:
            if k[0] == "elem":
                kids.append(b"%d 0 R" % elem_obj[k[1]])
            else:
                _, pno, mcid = k
                if pg is None:
                    pg = pno
                if pno == pg:
                    kids.append(b"%d" % mcid)
                else:
                    kids.append(b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (page_obj[pno], mcid))
        d = b"<< /Type /StructElem /S /%s /P %d 0 R /K [%s]" % (
            e["type"].encode(), parent, b" ".join(kids))
        if pg is not None:
            d += b" /Pg %d 0 R" % page_obj[pg]
        objs[elem_obj[idx]] = d + b" >>"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n" % size
    out += b"0000000000 65535 f \n"
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, CATALOG, INFO, xref))
    with open(path, "wb") as f:
        f.write(out)
    return len(out), n_pages


# ---------------------------------------------------------------------------
# Inhalte (alle Angaben erfunden)
# ---------------------------------------------------------------------------

AUTHOR = "Fachkräfteallianz Elbtal-Erzgebirge, Geschäftsstelle im Landratsamt"
NOTICE = ("Diese Maßnahme wird mitfinanziert mit Steuermitteln auf Grundlage des vom "
          "Sächsischen Landtag beschlossenen Haushaltes.")
FICTION = ("Hinweis: Dieses Dokument gehört zur Beispielwebsite des Programms fachwerk. "
           "Landkreis, Personen, Zahlen und Adressen sind frei erfunden.")

HANDLUNGSKONZEPT = [
    ("h1", "Handlungskonzept 2025–2027 der Fachkräfteallianz Elbtal-Erzgebirge"),
    ("p", "Beschlossen in der Sitzung der Fachkräfteallianz am 12. Dezember 2024 in Elbstein."),
    ("small", FICTION),
    ("h2", "Vorwort"),
    ("p", "Im Landkreis Elbtal-Erzgebirge gehen in den nächsten zehn Jahren mehr Menschen in "
          "den Ruhestand, als junge Menschen ins Berufsleben eintreten. Schon heute bleiben in "
          "vielen Betrieben Stellen über Monate unbesetzt, besonders im Handwerk, in der Pflege, "
          "in der Kinderbetreuung und in technischen Berufen. Kein Akteur kann diese Lücke allein "
          "schließen. Die Fachkräfteallianz bringt deshalb seit 2016 alle an einen Tisch, die "
          "Ausbildung, Arbeit und Zuzug in der Region gestalten."),
    ("p", "Das vorliegende Handlungskonzept schreibt das Konzept für die Jahre 2022 bis 2024 fort. "
          "Es benennt fünf Handlungsfelder, an denen sich die Projektauswahl der Allianz in den "
          "Jahren 2025 bis 2027 ausrichtet, und beschreibt, wie die Partner zusammenarbeiten und "
          "wie sie den Erfolg ihrer Arbeit überprüfen."),
    ("h2", "1 Ausgangslage"),
    ("p", "Im Landkreis leben rund 238.000 Menschen. Die Zahl der Einwohnerinnen und Einwohner im "
          "erwerbsfähigen Alter ist seit 2015 um etwa elf Prozent gesunken. Gleichzeitig ist die "
          "Zahl der sozialversicherungspflichtig Beschäftigten stabil geblieben, weil mehr Frauen "
          "in Vollzeit arbeiten, Ältere länger im Beruf bleiben und Menschen aus dem Ausland "
          "zugezogen sind."),
    ("p", "Das Fachkräftemonitoring 2024 der Hochschule Elbtal zeigt deutliche Engpässe:"),
    ("ul", [
        "Im Bau- und Ausbauhandwerk kommen auf eine gemeldete Stelle weniger als 0,6 "
        "arbeitslose Fachkräfte.",
        "In der Altenpflege und in Kindertagesstätten bleiben offene Stellen im Mittel 160 Tage "
        "unbesetzt.",
        "Rund 14 Prozent der Ausbildungsverträge werden im ersten Jahr vorzeitig gelöst.",
        "Jährlich ziehen etwa 1.900 Menschen zwischen 18 und 30 Jahren aus dem Landkreis weg, "
        "rund 1.300 ziehen zu oder kehren zurück.",
    ]),
    ("p", "Die Region hat zugleich Stärken, auf die sie bauen kann: eine breite industrielle und "
          "handwerkliche Basis, eine Hochschule mit technischen Studiengängen, gute Verbindungen "
          "in die Landeshauptstadt und eine hohe Lebensqualität zwischen Elbtal und Erzgebirge."),
    ("h2", "2 Leitziele"),
    ("p", "Die Partner der Allianz verfolgen bis 2027 drei Leitziele:"),
    ("ul", [
        "Junge Menschen aus der Region finden eine Ausbildung, die zu ihnen passt, und schließen "
        "sie erfolgreich ab.",
        "Menschen, die in den Landkreis ziehen oder zurückkehren, fühlen sich willkommen und "
        "finden schnell Arbeit und Anschluss.",
        "Betriebe, besonders kleine und mittlere, können Fachkräfte gewinnen und halten, weil sie "
        "attraktive und familienfreundliche Arbeitsbedingungen bieten.",
    ]),
    ("h2", "3 Handlungsfelder"),
    ("h3", "3.1 Berufsorientierung und Übergang Schule–Beruf"),
    ("p", "Schülerinnen und Schüler sollen die Betriebe in ihrer Nähe früh und praktisch kennen "
          "lernen. Die Allianz fördert Werkstatttage, Praktikumsbörsen und Lotsenangebote an "
          "Oberschulen und Gymnasien. Eltern werden als wichtigste Berater ihrer Kinder gezielt "
          "einbezogen."),
    ("h3", "3.2 Fachkräftesicherung im Handwerk"),
    ("p", "Das Handwerk ist der größte Ausbilder im Landkreis. Projekte in diesem Handlungsfeld "
          "stärken die Ausbildung in kleinen Betrieben, bereiten Betriebsnachfolgen vor und "
          "machen den Weg zum Meisterbrief für Frauen und für Menschen mit Familie leichter."),
    ("h3", "3.3 Integration internationaler Fachkräfte"),
    ("p", "Zugewanderte Fachkräfte brauchen Sprachkurse, die zum Beruf passen, eine schnelle "
          "Anerkennung ihrer Abschlüsse und Betriebe, die auf Vielfalt vorbereitet sind. Die "
          "Allianz fördert berufsbezogene Sprachangebote, Begleitung in den ersten Monaten und "
          "Schulungen für Ausbilderinnen und Ausbilder."),
    ("h3", "3.4 Rückkehr und Zuzug"),
    ("p", "Wer in der Region aufgewachsen ist, kommt oft zurück, wenn Arbeit, Wohnung und "
          "Kinderbetreuung stimmen. Die Allianz unterstützt Rückkehrerbörsen, das Rückkehrerportal "
          "der Wirtschaftsförderung und Angebote zum Probewohnen."),
    ("h3", "3.5 Vereinbarkeit von Familie und Beruf"),
    ("p", "Flexible Arbeitszeiten, verlässliche Kinderbetreuung und Unterstützung bei der Pflege "
          "von Angehörigen entscheiden mit darüber, ob Fachkräfte bleiben. Die Allianz fördert "
          "Beratung für Betriebe, Netzwerke familienfreundlicher Arbeitgeber und Angebote für "
          "Beschäftigte mit Pflegeverantwortung."),
    ("h2", "4 Arbeitsweise und Projektauswahl"),
    ("p", "Die Allianz tagt mindestens zweimal im Jahr. Einmal jährlich ruft sie Träger auf, "
          "Projektideen einzureichen. Die Geschäftsstelle prüft die Ideen auf Vollständigkeit "
          "und berät die Träger. Eine Arbeitsgruppe aus sechs Mitgliedern bewertet die Ideen "
          "nach den folgenden Kriterien; die Allianz beschließt anschließend ihre Empfehlungen."),
    ("table", ["Kriterium", "Leitfrage", "Gewicht"], [
        ["Bedarf", "Greift das Projekt einen im Monitoring belegten Engpass auf?", "25 %"],
        ["Wirkung", "Sind Ziele und Zielgruppen klar und ist der Erfolg messbar?", "25 %"],
        ["Zusammenarbeit", "Arbeiten mehrere Partner der Allianz mit?", "20 %"],
        ["Nachhaltigkeit", "Wirkt das Projekt über die Förderzeit hinaus?", "20 %"],
        ["Wirtschaftlichkeit", "Stehen Kosten und erwarteter Nutzen in einem guten Verhältnis?", "10 %"],
    ], [110, 280, 61]),
    ("p", "Empfohlene Projekte stellen ihren Förderantrag anschließend bei der zuständigen "
          "Bewilligungsstelle nach der Fachkräfterichtlinie des Freistaates Sachsen. Über die "
          "Förderung entscheidet die Bewilligungsstelle."),
    ("h2", "5 Erfolgskontrolle"),
    ("p", "Die Geschäftsstelle berichtet der Allianz jährlich über den Stand der Projekte. Die "
          "Hochschule Elbtal schreibt das Fachkräftemonitoring fort. Zur Halbzeit im Herbst 2026 "
          "überprüft die Allianz, ob die Handlungsfelder noch stimmen, und passt das Konzept bei "
          "Bedarf an."),
    ("table", ["Kennzahl", "Ausgangswert 2024", "Zielwert 2027"], [
        ["Vorzeitig gelöste Ausbildungsverträge im ersten Jahr", "14 %", "unter 11 %"],
        ["Teilnehmende an Werkstatttagen und Praktikumsbörsen", "1.150", "2.000"],
        ["Beratungen im Willkommensservice", "310", "500"],
        ["Betriebe im Netzwerk familienfreundlicher Arbeitgeber", "42", "90"],
    ], [231, 110, 110]),
    ("p", NOTICE),
]

GESCHAEFTSORDNUNG = [
    ("h1", "Geschäftsordnung der Fachkräfteallianz Elbtal-Erzgebirge"),
    ("p", "In der Fassung vom 22. März 2023."),
    ("small", FICTION),
    ("h2", "§ 1 Name und Zweck"),
    ("p", "(1) Die Partner bilden die „Fachkräfteallianz Elbtal-Erzgebirge“. Sie ist ein "
          "freiwilliger Zusammenschluss ohne eigene Rechtspersönlichkeit."),
    ("p", "(2) Die Allianz verfolgt das Ziel, den Bedarf an Fachkräften im Landkreis "
          "Elbtal-Erzgebirge zu sichern. Sie erarbeitet dazu ein Handlungskonzept, stimmt die "
          "Aktivitäten ihrer Mitglieder ab und empfiehlt Projekte zur Förderung nach der "
          "Fachkräfterichtlinie des Freistaates Sachsen."),
    ("h2", "§ 2 Mitglieder"),
    ("p", "(1) Mitglieder sind die in der Anlage genannten Institutionen. Jedes Mitglied benennt "
          "eine Vertreterin oder einen Vertreter und eine Stellvertretung."),
    ("p", "(2) Über die Aufnahme weiterer Mitglieder entscheidet die Allianz mit einfacher Mehrheit."),
    ("h2", "§ 3 Vorsitz"),
    ("p", "(1) Den Vorsitz führt die Landrätin oder der Landrat des Landkreises "
          "Elbtal-Erzgebirge. Die Allianz wählt aus ihrer Mitte eine stellvertretende "
          "Vorsitzende oder einen stellvertretenden Vorsitzenden für die Dauer von drei Jahren."),
    ("p", "(2) Die oder der Vorsitzende lädt zu den Sitzungen ein, leitet sie und vertritt die "
          "Allianz nach außen."),
    ("h2", "§ 4 Geschäftsstelle"),
    ("p", "Die Geschäftsstelle ist beim Landratsamt Elbtal-Erzgebirge eingerichtet. Sie bereitet "
          "die Sitzungen vor, führt die Niederschriften, berät Projektträger, begleitet die "
          "Umsetzung der Projekte und betreut die Öffentlichkeitsarbeit einschließlich der "
          "Website der Allianz."),
    ("h2", "§ 5 Sitzungen"),
    ("p", "(1) Die Allianz tritt mindestens zweimal im Jahr zusammen. Sie ist außerdem "
          "einzuberufen, wenn ein Drittel der Mitglieder dies verlangt."),
    ("p", "(2) Die Einladung mit Tagesordnung und Unterlagen wird spätestens zwei Wochen vor der "
          "Sitzung elektronisch versandt. Sitzungen können in Präsenz, online oder hybrid "
          "stattfinden."),
    ("p", "(3) Die Sitzungen sind nicht öffentlich. Die Allianz kann Gäste und "
          "Sachverständige hinzuziehen."),
    ("h2", "§ 6 Beschlüsse"),
    ("p", "(1) Die Allianz ist beschlussfähig, wenn mehr als die Hälfte der Mitglieder vertreten ist."),
    ("p", "(2) Beschlüsse werden mit einfacher Mehrheit der abgegebenen Stimmen gefasst. Jedes "
          "Mitglied hat eine Stimme. Bei Stimmengleichheit gilt ein Antrag als abgelehnt."),
    ("p", "(3) In dringenden Fällen können Beschlüsse im Umlaufverfahren per E-Mail gefasst "
          "werden, wenn kein Mitglied widerspricht."),
    ("h2", "§ 7 Befangenheit"),
    ("p", "Ein Mitglied, das selbst Träger eines zu beratenden Projektes ist oder an ihm "
          "unmittelbar beteiligt ist, wirkt an der Bewertung und an der Beschlussfassung über "
          "dieses Projekt nicht mit. Die Befangenheit ist vor der Beratung anzuzeigen und in der "
          "Niederschrift zu vermerken."),
    ("h2", "§ 8 Arbeitsgruppen"),
    ("p", "Die Allianz kann Arbeitsgruppen bilden, insbesondere zur Bewertung von Projektideen "
          "und zur Vorbereitung des Handlungskonzeptes. Die Arbeitsgruppen berichten der Allianz."),
    ("h2", "§ 9 Niederschrift"),
    ("p", "Über jede Sitzung wird eine Niederschrift gefertigt, die die Anwesenden, die "
          "Tagesordnung und die Beschlüsse enthält. Sie wird den Mitgliedern innerhalb von vier "
          "Wochen zugesandt und gilt als genehmigt, wenn niemand binnen zwei Wochen widerspricht."),
    ("h2", "§ 10 Inkrafttreten"),
    ("p", "Diese Geschäftsordnung tritt mit ihrer Beschlussfassung am 22. März 2023 in Kraft. "
          "Sie ersetzt die Geschäftsordnung vom 20. Juni 2016."),
    ("h2", "Anlage: Mitglieder der Fachkräfteallianz (Stand: 2025)"),
    ("table", ["Mitglied", "Rolle"], [
        ["Landkreis Elbtal-Erzgebirge", "Vorsitz"],
        ["Industrie- und Handelskammer Elbtal", "stellvertretender Vorsitz"],
        ["Geschäftsstelle der Fachkräfteallianz im Landratsamt", "Geschäftsführung"],
        ["Große Kreisstadt Elbstein", "Mitglied"],
        ["Große Kreisstadt Silberau", "Mitglied"],
        ["Handwerkskammer Elbtal", "Mitglied"],
        ["Kreishandwerkerschaft Elbtal-Erzgebirge", "Mitglied"],
        ["Unternehmerverband Elbtal-Erzgebirge e. V.", "Mitglied"],
        ["Agentur für Arbeit Elbstein", "Mitglied"],
        ["Jobcenter Elbtal-Erzgebirge", "Mitglied"],
        ["DGB-Region Elbtal-Erzgebirge", "Mitglied"],
        ["Landesamt für Schule und Bildung, Standort Elbstein", "Mitglied"],
        ["Berufliches Schulzentrum Elbstein", "Mitglied"],
        ["Hochschule Elbtal für Technik und Wirtschaft", "Mitglied"],
        ["Wirtschaftsförderung Elbtal-Erzgebirge GmbH", "Mitglied"],
        ["Migrationsberatung für erwachsene Zuwanderer, Sozialwerk Elbtal e. V.", "Mitglied"],
        ["Gleichstellungsbeauftragte des Landkreises", "Mitglied"],
    ], [311, 140]),
]

MONITORING = [
    ("h1", "Fachkräftemonitoring 2025 für den Landkreis Elbtal-Erzgebirge"),
    ("p", "Kurzfassung der Studie der Hochschule Elbtal für Technik und Wirtschaft im Auftrag der "
          "Fachkräfteallianz Elbtal-Erzgebirge. Stand: September 2025."),
    ("small", FICTION),
    ("h2", "Das Wichtigste in Kürze"),
    ("ul", [
        "Bis 2030 scheiden im Landkreis rund 14.000 Beschäftigte altersbedingt aus dem "
        "Erwerbsleben aus, bis 2035 rund 24.000; im selben Zeitraum rücken nur etwa 16.000 "
        "junge Menschen nach.",
        "Die größten Engpässe bestehen in der Pflege, in der Kinderbetreuung, im Bau- und "
        "Ausbauhandwerk, in der Elektrotechnik und bei Berufskraftfahrerinnen und -fahrern.",
        "Jede dritte befragte Firma hat 2024 mindestens eine Stelle nicht besetzen können.",
        "Der Anteil ausländischer Beschäftigter ist seit 2020 von 3,1 auf 5,8 Prozent gestiegen.",
        "Täglich pendeln rund 21.000 Beschäftigte aus dem Landkreis aus, aber nur rund 12.500 ein.",
        "Rückkehrerinnen und Rückkehrer nennen Arbeitsplatz, Familie und Wohnkosten als "
        "wichtigste Gründe für ihre Entscheidung.",
    ]),
    ("h2", "1 Anlage der Studie"),
    ("p", "Die Studie wertet Daten der amtlichen Statistik und der Arbeitsverwaltung für die "
          "Jahre 2020 bis 2024 aus. Zusätzlich hat die Hochschule im Frühjahr 2025 insgesamt 412 "
          "Betriebe schriftlich befragt und mit 36 Personalverantwortlichen sowie 18 "
          "Rückkehrerinnen und Rückkehrern ausführliche Interviews geführt."),
    ("h2", "2 Beschäftigung und Altersstruktur"),
    ("p", "Im Juni 2024 waren im Landkreis rund 84.600 Menschen sozialversicherungspflichtig "
          "beschäftigt. Mehr als ein Viertel von ihnen ist 55 Jahre oder älter. Besonders hoch "
          "ist dieser Anteil in der öffentlichen Verwaltung, im Verkehr und in der Landwirtschaft."),
    ("table", ["Wirtschaftsbereich", "Beschäftigte 2024", "Anteil 55 Jahre und älter"], [
        ["Verarbeitendes Gewerbe", "19.800", "27 %"],
        ["Handwerk (alle Gewerke)", "14.200", "25 %"],
        ["Gesundheit und Soziales", "13.900", "29 %"],
        ["Handel", "9.700", "24 %"],
        ["Öffentliche Verwaltung", "6.100", "36 %"],
        ["Verkehr und Logistik", "4.800", "33 %"],
        ["Übrige Bereiche", "16.100", "26 %"],
    ], [200, 120, 131]),
    ("h2", "3 Engpassberufe"),
    ("p", "Als Engpass gilt ein Beruf, wenn offene Stellen überdurchschnittlich lange unbesetzt "
          "bleiben und auf eine gemeldete Stelle wenige arbeitslose Fachkräfte kommen. Die "
          "folgende Tabelle zeigt die fünf Berufsgruppen mit den längsten Vakanzzeiten."),
    ("table", ["Berufsgruppe", "Mittlere Vakanzzeit", "Arbeitslose je Stelle"], [
        ["Altenpflege", "171 Tage", "0,4"],
        ["Erziehung, Kinderbetreuung", "158 Tage", "0,7"],
        ["Elektrotechnik (Fachkräfte)", "149 Tage", "0,5"],
        ["Sanitär, Heizung, Klima", "142 Tage", "0,5"],
        ["Berufskraftfahrt", "126 Tage", "0,9"],
    ], [200, 120, 131]),
    ("h2", "4 Ausbildung"),
    ("p", "2024 wurden im Landkreis 1.640 neue Ausbildungsverträge geschlossen, drei Prozent "
          "mehr als im Vorjahr. Dennoch blieben 410 Ausbildungsplätze unbesetzt. Die Quote der "
          "im ersten Jahr vorzeitig gelösten Verträge lag bei 14 Prozent; sie ist in Betrieben "
          "mit weniger als zehn Beschäftigten fast doppelt so hoch wie in größeren Betrieben. "
          "Die befragten Betriebe nennen unklare Vorstellungen vom Beruf und fehlende Begleitung "
          "in den ersten Wochen als häufigste Ursachen."),
    ("h2", "5 Wanderung, Pendeln und Rückkehr"),
    ("p", "Der Wanderungssaldo der 18- bis 30-Jährigen ist weiter negativ, hat sich aber seit "
          "2020 halbiert. Bei den 30- bis 45-Jährigen ziehen inzwischen mehr Menschen zu als weg. "
          "Rund 21.000 Beschäftigte pendeln täglich zur Arbeit aus dem Landkreis hinaus, die meisten "
          "in die Landeshauptstadt; nur rund 12.500 pendeln ein. Wer auspendelt, ist für Betriebe "
          "im Landkreis eine besonders gut erreichbare Zielgruppe. "
          "In den Interviews berichten Rückkehrende, dass sie offene Stellen in der Region oft "
          "nur zufällig gefunden haben. Als hilfreich nennen sie persönliche Ansprechpersonen, "
          "Hilfe bei der Suche nach Kita-Plätzen und Jobangebote für die Partnerin oder den Partner."),
    ("h2", "6 Empfehlungen an die Fachkräfteallianz"),
    ("ul", [
        "Berufsorientierung früher beginnen und stärker auf Praxis in kleinen Betrieben setzen.",
        "Kleine Betriebe bei der Begleitung von Auszubildenden in den ersten Monaten unterstützen.",
        "Den Willkommensservice für Zuziehende und internationale Fachkräfte verstetigen.",
        "Angebote für Doppelkarrierepaare und für Beschäftigte mit Pflegeverantwortung ausbauen.",
        "Das Monitoring jährlich fortschreiben und die Wirkung der geförderten Projekte einbeziehen.",
    ]),
    ("p", NOTICE),
]

DOCUMENTS = [
    ("handlungskonzept-2025-2027.pdf", "Handlungskonzept 2025–2027",
     "Handlungskonzept der Fachkräfteallianz Elbtal-Erzgebirge für die Jahre 2025 bis 2027",
     "20241212090000+01'00'", HANDLUNGSKONZEPT),
    ("geschaeftsordnung.pdf", "Geschäftsordnung der Fachkräfteallianz",
     "Geschäftsordnung der Fachkräfteallianz Elbtal-Erzgebirge, Fassung vom 22. März 2023",
     "20230322090000+01'00'", GESCHAEFTSORDNUNG),
    ("fachkraeftemonitoring-2025.pdf", "Fachkräftemonitoring 2025",
     "Kurzfassung der Studie zum Fachkräftebedarf im Landkreis Elbtal-Erzgebirge",
     "20250930090000+02'00'", MONITORING),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "content", "static", "docs")
    target = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default)
    os.makedirs(target, exist_ok=True)
    for name, title, subject, created, blocks in DOCUMENTS:
        path = os.path.join(target, name)
        size, pages = write_pdf(path, title, subject, AUTHOR, created, blocks)
        print("%s: %d Seiten, %d Bytes" % (path, pages, size))


if __name__ == "__main__":
    main()
