use super::*;
use crate::diagnostic::Code;

fn lc(n: &Node) -> (usize, usize) {
    (n.span.start.line, n.span.start.column)
}

fn root<'a>(doc: &'a Tree) -> &'a Node<'a> {
    assert!(
        doc.syntax_findings().is_empty(),
        "{:?}",
        doc.syntax_findings()
    );
    doc.root().expect("a root")
}

#[test]
fn nodes_know_line_column_and_bytes() {
    let text = "title: Azubi-Lotsen\nperiod:\n  start: 2025-01-01\ntopics: [Ausbildung, Zuzug]\n";
    let doc = Tree::parse(text);
    let r = root(&doc);
    assert_eq!(lc(r.get("title").unwrap()), (1, 8));
    let start = r.get("period").unwrap().get("start").unwrap();
    assert_eq!(lc(start), (3, 10));
    assert_eq!(&text[start.span.bytes()], "2025-01-01");
    let zuzug = r.get("topics").unwrap().item(1).unwrap();
    assert_eq!(lc(zuzug), (4, 22));
    assert_eq!(&text[zuzug.span.bytes()], "Zuzug");
    let key = &r.entry("topics").unwrap().key;
    assert_eq!(lc(key), (4, 1));
}

#[test]
fn columns_count_characters_after_bom_crlf_umlauts_and_tabs() {
    let text = "\u{feff}ort: Görlitz\r\nträger: \"Bildungswerk\"\r\nx: a\tb\r\n";
    let doc = Tree::parse(text);
    let r = root(&doc);
    let ort = r.entry("ort").unwrap();
    assert_eq!(lc(&ort.key), (1, 1), "the BOM is no column");
    assert_eq!(lc(&ort.value), (1, 6));
    assert_eq!(&text[ort.value.span.bytes()], "Görlitz");
    let traeger = r.entry("träger").unwrap();
    assert_eq!(lc(&traeger.key), (2, 1), "CRLF is one line end");
    assert_eq!(lc(&traeger.value), (2, 9), "ä is one column");
    assert_eq!(&text[traeger.value.span.bytes()], "\"Bildungswerk\"");
    assert_eq!(r.get("x").unwrap().as_str(), Some("a\tb"));
}

#[test]
fn front_matter_positions_count_from_the_file_start() {
    let text = "---\ntitle: Ä\nperiod: { start: 2025-01-01 }\n---\nBody\n";
    let yaml = 4..text.find("---\nBody").unwrap();
    let doc = Tree::parse_part(text, yaml);
    let r = root(&doc);
    assert_eq!(lc(r.get("title").unwrap()), (2, 8));
    let start = r.get("period").unwrap().get("start").unwrap();
    assert_eq!(lc(start), (3, 18));
    assert_eq!(&text[start.span.bytes()], "2025-01-01");
    let broken = "---\ntitle: A\n  kind: x: y\n---\n";
    let doc = Tree::parse_part(broken, 4..broken.len() - 4);
    let f = &doc.syntax_findings()[0];
    assert_eq!(f.at.line, 3, "{f:?}");
    // An empty front matter starts on the line after `---`.
    let empty = "---\n---\n";
    let doc = Tree::parse_part(empty, 4..4);
    assert!(doc.root().is_none());
    assert_eq!((doc.start().line, doc.start().column), (2, 1));
}

#[test]
fn scalars_keep_style_and_null_is_null() {
    let text = "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\nf:\ng: ~\nh: \"~\"\ni: !!str null\n";
    let doc = Tree::parse(text);
    let r = root(&doc);
    let style = |k: &str| match &r.get(k).unwrap().value {
        Value::Scalar(s) => Some(s.style),
        _ => None,
    };
    assert_eq!(style("a"), Some(Style::Plain));
    assert_eq!(style("b"), Some(Style::SingleQuoted));
    assert_eq!(style("c"), Some(Style::DoubleQuoted));
    assert_eq!(style("d"), Some(Style::Literal));
    assert_eq!(style("e"), Some(Style::Folded));
    assert_eq!(r.get("f").unwrap().value, Value::Null);
    assert_eq!(lc(r.get("f").unwrap()), (8, 2), "at the colon");
    assert_eq!(r.get("g").unwrap().value, Value::Null);
    assert_eq!(r.get("h").unwrap().as_str(), Some("~"));
    assert_eq!(r.get("i").unwrap().as_str(), Some("null"));
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let doc = Tree::parse("id: a\nname: A\nid: b\n");
    let Value::Map(entries) = &root(&doc).value else {
        panic!()
    };
    let keys: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.key.as_str().unwrap(), e.key.span.start.line))
        .collect();
    assert_eq!(keys, [("id", 1), ("name", 2), ("id", 3)]);
}

#[test]
fn aliases_copy_and_bombs_stop() {
    let doc = Tree::parse("a: &x [1, 2]\nb: *x\n");
    let r = root(&doc);
    assert_eq!(r.get("b").unwrap().item(1).unwrap().as_str(), Some("2"));
    assert_eq!(lc(r.get("b").unwrap()), (2, 4));
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..8 {
        let (prev, next) = ((b'a' + i) as char, (b'b' + i) as char);
        bomb.push_str(&format!(
            "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let doc = Tree::parse(&bomb);
    assert!(doc.root().is_none());
    assert_eq!(doc.syntax_findings()[0].code, Code::YamlTooLarge);
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let deep = "[".repeat(10_000);
    let doc = Tree::parse(&deep);
    assert_eq!(doc.syntax_findings()[0].code, Code::YamlTooDeep);
    let mut block = String::new();
    for i in 0..200 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    let doc = Tree::parse(&block);
    assert_eq!(doc.syntax_findings()[0].code, Code::YamlTooDeep);
}

#[test]
fn spans_of_collections_end_with_their_content() {
    let text = "list:\n  - a\n  - b\n\nnext: 1\n";
    let doc = Tree::parse(text);
    let list = root(&doc).get("list").unwrap();
    assert_eq!(&text[list.span.bytes()], "- a\n  - b");
    let text = "m: {a: 1}\n";
    let doc = Tree::parse(text);
    assert_eq!(&text[root(&doc).get("m").unwrap().span.bytes()], "{a: 1}");
}
