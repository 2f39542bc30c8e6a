"""ProjectionExpression on GetItem: top-level and nested paths, list elements, the shape of
the returned item, and the projection language's errors.

Shapes confirmed by ScyllaDB Alternator's live-service runs
(test/alternator/test_projection_expression.py) and by DynamoDB Local alike.
"""

import pytest
from botocore.exceptions import ClientError

from ddb_support import assert_client_error, unique_name

BAD = "Invalid ProjectionExpression: "


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def L(*x):
    return {"L": list(x)}


def M(**x):
    return {"M": x}


ITEM = {
    "pk": S("proj"),
    "a": M(b=L(N(0), N(1), M(c=S("deep"), d=S("other"))), x=S("ax")),
    "l": L(S("l0"), L(S("l10"), S("l11")), S("l2")),
    "s": S("str"),
    "n": N(7),
    "ss": {"SS": ["p", "q"]},
    "dot.name": S("dotted"),
    "status": S("on"),
}
KEY = {"pk": ITEM["pk"]}


@pytest.fixture(scope="module")
def table(module_tables):
    name = module_tables.create(unique_name("cf_proj"))
    module_tables.client.put_item(TableName=name, Item=ITEM)
    return name


def project(ddb, table, expression, names=None, key=KEY):
    request = {"TableName": table, "Key": key, "ProjectionExpression": expression,
               "ConsistentRead": True}
    if names:
        request["ExpressionAttributeNames"] = names
    reply = ddb.get_item(**request)
    reply.pop("ResponseMetadata", None)
    return reply


SHAPES = [
    ("s", {"s": S("str")}),
    ("n, s", {"n": N(7), "s": S("str")}),
    (" n ,s ", {"n": N(7), "s": S("str")}),
    ("pk", {"pk": S("proj")}),
    ("a", {"a": ITEM["a"]}),
    ("a.x", {"a": M(x=S("ax"))}),
    ("a.b", {"a": M(b=ITEM["a"]["M"]["b"])}),
    ("a.b[0]", {"a": M(b=L(N(0)))}),
    ("a.b[2]", {"a": M(b=L(M(c=S("deep"), d=S("other"))))}),
    ("a.b[2].c", {"a": M(b=L(M(c=S("deep"))))}),
    ("a.b[2].c, a.b[2].d", {"a": M(b=L(M(c=S("deep"), d=S("other"))))}),
    ("a.b[2].c, a.x", {"a": M(b=L(M(c=S("deep"))), x=S("ax"))}),
    ("a.b[0], a.b[2]", {"a": M(b=L(N(0), M(c=S("deep"), d=S("other"))))}),
    ("a.b[2], a.b[0]", {"a": M(b=L(N(0), M(c=S("deep"), d=S("other"))))}),
    ("a.b[2].c, a.b[1]", {"a": M(b=L(N(1), M(c=S("deep"))))}),
    ("l[2], l[0]", {"l": L(S("l0"), S("l2"))}),
    ("l[1]", {"l": L(L(S("l10"), S("l11")))}),
    ("l[1][1]", {"l": L(L(S("l11")))}),
    ("l[1][1], l[0]", {"l": L(S("l0"), L(S("l11")))}),
    ("a.x, s, l[0]", {"a": M(x=S("ax")), "s": S("str"), "l": L(S("l0"))}),
    ("a.b[9], a.x", {"a": M(x=S("ax"))}),
    ("a.x, absent_attr, a.b[5].c", {"a": M(x=S("ax"))}),
]


@pytest.mark.parametrize("expression,expected", SHAPES, ids=[e for e, _ in SHAPES])
def test_projection_shapes(ddb, table, expression, expected):
    """Each projected path comes back inside its parents; sibling paths merge into one
    document; selected list elements keep their original order and close up (a.b[2] alone is
    a one-element list); keys are returned only when asked for."""
    assert project(ddb, table, expression)["Item"] == expected


EMPTY = ["absent_attr", "a.zz", "a.b[3]", "l[5]", "s.x", "s[0]", "ss[0]", "a.b.c", "l.x",
         "l[0].x", "a[0]", "a.b[0][0]", "absent_attr, other_absent"]


@pytest.mark.parametrize("expression", EMPTY)
def test_projection_of_nothing_is_an_empty_item(ddb, table, expression):
    """Paths the item does not have, or that index a scalar, map or set the wrong way, select
    nothing: the reply is an empty Item {}, not a missing Item, and not an error."""
    assert project(ddb, table, expression) == {"Item": {}}


def test_empty_projection_on_the_wire(raw, table):
    """The empty projection is serialised as {"Item":{}}."""
    resp = raw.call("GetItem", {"TableName": table, "Key": {"pk": {"S": "proj"}},
                                "ProjectionExpression": "absent_attr"})
    assert resp.status == 200
    assert resp.json() == {"Item": {}}


def test_projection_of_absent_item(ddb, table):
    """For an absent key the reply has no Item at all."""
    assert "Item" not in project(ddb, table, "a.x", key={"pk": S("no-such-item")})


def test_projection_names(ddb, table):
    """#names may stand for any path element; a #name holding a dot or a reserved word is one
    attribute name."""
    assert project(ddb, table, "#a.#b[2].#c", {"#a": "a", "#b": "b", "#c": "c"})["Item"] == {
        "a": M(b=L(M(c=S("deep"))))}
    assert project(ddb, table, "#d", {"#d": "dot.name"})["Item"] == {"dot.name": S("dotted")}
    assert project(ddb, table, "#s", {"#s": "status"})["Item"] == {"status": S("on")}
    assert project(ddb, table, "#q", {"#q": "a.x"})["Item"] == {}


PROJECTION_ERRORS = [
    ("a, a.b", None, "Two document paths overlap with each other; must remove or rewrite one of "
     "these paths; path one: [a], path two: [a, b]"),
    ("a.b, a", None, "Two document paths overlap with each other; must remove or rewrite one of "
     "these paths; path one: [a, b], path two: [a]"),
    ("s, s", None, "Two document paths overlap with each other; must remove or rewrite one of "
     "these paths; path one: [s], path two: [s]"),
    ("a.b[0], a.b[0]", None, "Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a, b, [0]], path two: [a, b, [0]]"),
    ("a.b, a.b[2].c", None, "Two document paths overlap with each other; must remove or rewrite "
     "one of these paths; path one: [a, b], path two: [a, b, [2], c]"),
    ("#x, s", {"#x": "s"}, "Two document paths overlap with each other; must remove or rewrite "
     "one of these paths; path one: [s], path two: [s]"),
    ("a.b, a[1]", None, "Two document paths conflict with each other; must remove or rewrite one "
     "of these paths; path one: [a, b], path two: [a, [1]]"),
    ("status", None, "Attribute name is a reserved keyword; reserved keyword: status"),
    ("dot.name", None, "Attribute name is a reserved keyword; reserved keyword: name"),
    ("#q", {"#a": "a"}, "An expression attribute name used in the document path is not defined; "
     "attribute name: #q"),
    ("a..b", None, 'Syntax error; token: ".", near: "..b"'),
    ("a.", None, 'Syntax error; token: "<EOF>", near: "."'),
    ("l[]", None, 'Syntax error; token: "]", near: "[]"'),
    ("a b", None, 'Syntax error; token: "b", near: "a b"'),
    ("a,", None, 'Syntax error; token: "<EOF>", near: ","'),
    (",a", None, 'Syntax error; token: ",", near: ",a"'),
    ("s = :v", None, 'Syntax error; token: "=", near: "s = :v"'),
    ("size(s)", None, 'Syntax error; token: "(", near: "size(s"'),
    (" ", None, 'Syntax error; token: "<EOF>", near: " "'),
    ("", None, "The expression can not be empty;"),
    ("l[99999999999]", None, "List index is not within the allowable range; index: [99999999999]"),
    (".".join(["a"] * 33), None, "The document path has too many nesting levels; nesting levels: 33"),
]


@pytest.mark.parametrize("expression,names,message", PROJECTION_ERRORS,
                         ids=[e[:40] for e, _, _ in PROJECTION_ERRORS])
def test_projection_errors(ddb, table, expression, names, message):
    """Overlapping (one path inside another, or twice) and conflicting paths, reserved words,
    undefined names, syntax errors, an empty expression, huge list indexes and paths deeper
    than 32 levels are ValidationExceptions with these texts."""
    with pytest.raises(ClientError) as excinfo:
        project(ddb, table, expression, names)
    assert_client_error(excinfo, "ValidationException", BAD + message)


def test_projection_non_overlapping_paths_accepted(ddb, table):
    """Siblings and distinct list elements do not overlap; a 32-level path is accepted."""
    for expression in ("a.b, a.x", "a.b[1], a.b[2]", "l[0], l[1][0]", "a.x, a.b[0]",
                       ".".join(["a"] * 32)):
        project(ddb, table, expression)


def test_projection_unused_name(ddb, table):
    """An ExpressionAttributeNames entry the projection does not use is rejected."""
    with pytest.raises(ClientError) as excinfo:
        project(ddb, table, "#a", {"#a": "a", "#b": "x"})
    assert_client_error(excinfo, "ValidationException",
                        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}")
