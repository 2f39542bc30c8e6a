"""UpdateItem with UpdateExpression: SET (+, -, if_not_exists, list_append), REMOVE, ADD and
DELETE; ReturnValues; creation of absent items; exact 38-digit arithmetic; and the errors
DynamoDB gives for overlapping, conflicting and invalid paths, key attributes and operand types.

Sources for texts and shapes DynamoDB Local cannot confirm: live-service recordings in the
test suites of dynalite (test/updateItem.js) and ScyllaDB Alternator
(test/alternator/test_update_expression.py, test_returnvalues.py, test_item.py,
test_number.py); the DynamoDB Developer Guide for SET on list elements past the end.
"""

import re

import pytest
from botocore.exceptions import ClientError

from ddb_support import assert_client_error, per_target, unique_name

BAD = "Invalid UpdateExpression: "
INVALID_PATH = "The document path provided in the update expression is invalid for update"
WRONG_DATA_TYPE = "An operand in the update expression has an incorrect data type"
NO_SUCH_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item"


def used(values, expression):
    """The entries of `values` whose :placeholder occurs in `expression`."""
    tokens = set(re.findall(r":\w+", expression))
    return {k: v for k, v in values.items() if k in tokens}


def N(x):
    return {"N": str(x)}


def S(x):
    return {"S": x}


def L(*x):
    return {"L": list(x)}


def M(**x):
    return {"M": x}


@pytest.fixture(scope="module")
def t(module_tables):
    return {
        "hash": module_tables.create(unique_name("cf_upd")),
        "range": module_tables.create(unique_name("cf_upd"), range_key=("sk", "N")),
    }


@pytest.fixture
def table(t):
    return t["hash"]


class Items:
    """Per-test helpers bound to one table and one key."""

    def __init__(self, ddb, table, name):
        self.ddb, self.table, self.key = ddb, table, {"pk": S(name)}

    def put(self, **attributes):
        self.ddb.put_item(TableName=self.table, Item={**self.key, **attributes})

    def get(self):
        return self.ddb.get_item(TableName=self.table, Key=self.key, ConsistentRead=True).get("Item")

    def update(self, expression, values=None, names=None, **extra):
        request = {"TableName": self.table, "Key": self.key, "UpdateExpression": expression, **extra}
        if values:
            request["ExpressionAttributeValues"] = values
        if names:
            request["ExpressionAttributeNames"] = names
        return self.ddb.update_item(**request)

    def returned(self, expression, values=None, mode="ALL_NEW", names=None):
        """The Attributes of the reply, or None when the reply has none."""
        return self.update(expression, values, names, ReturnValues=mode).get("Attributes")

    def error(self, expression, values=None, names=None, message=None, **extra):
        before = self.get()
        with pytest.raises(ClientError) as excinfo:
            self.update(expression, values, names, **extra)
        assert_client_error(excinfo, "ValidationException", message)
        assert self.get() == before, "a rejected update must not change the item"


@pytest.fixture
def it(ddb, table, request):
    return Items(ddb, table, request.node.name[:200])


def sorted_sets(value):
    """Set members in a fixed order, recursively, so replies compare regardless of set order."""
    (tag, inner), = value.items()
    if tag in ("SS", "NS", "BS"):
        return {tag: sorted(inner)}
    if tag == "M":
        return {"M": {k: sorted_sets(v) for k, v in inner.items()}}
    if tag == "L":
        return {"L": [sorted_sets(v) for v in inner]}
    return value


def canon(item):
    return None if item is None else {k: sorted_sets(v) for k, v in item.items()}


# ---------------------------------------------------------------------------
# Creating and merging


def test_creates_the_item_when_absent(it):
    """UpdateItem on an absent key creates the item from the key plus the SET attributes."""
    assert it.returned("SET a = :a, b = :b", {":a": N(1), ":b": S("x")}) == {
        **it.key, "a": N(1), "b": S("x")}
    assert it.get() == {**it.key, "a": N(1), "b": S("x")}


def test_merges_with_the_existing_item(it):
    """UpdateItem changes only the named attributes and keeps the rest."""
    it.put(a=S("hi"), keep=N(7))
    it.update("SET b = :b", {":b": S("there")})
    assert it.get() == {**it.key, "a": S("hi"), "keep": N(7), "b": S("there")}


def test_update_without_expression_creates_a_key_only_item(ddb, table, it):
    """An UpdateItem with no update at all still creates the (key-only) item."""
    ddb.update_item(TableName=table, Key=it.key)
    assert it.get() == it.key


def test_remove_only_update_does_not_create_the_item(it):
    """An update that only removes attributes does not create an absent item (DynamoDB Local
    creates a key-only item)."""
    assert it.returned("REMOVE a, b") == per_target(None, it.key)
    assert it.get() == per_target(None, it.key)


def test_remove_nested_path_on_absent_item(it):
    """REMOVE x.y on an absent item is silently a no-op; on an existing item whose x is
    missing it is a ValidationException (DynamoDB Local rejects both)."""
    if per_target(True, False):
        it.update("REMOVE x.y, z[0]")
        assert it.get() is None
    else:
        it.error("REMOVE x.y", message=INVALID_PATH)
    it.put(a=N(1))
    it.error("REMOVE x.y", message=INVALID_PATH)


# ---------------------------------------------------------------------------
# ReturnValues


def test_return_values_top_level(it):
    """NONE returns nothing; ALL_OLD the whole previous item; UPDATED_OLD the previous values
    of the updated attributes that existed; ALL_NEW the whole new item; UPDATED_NEW the new
    values of the updated attributes that still exist."""
    it.put(a=N(1), b=S("dog"), c=S("gone"))
    expression = "SET a = a + :one, d = :d REMOVE c, missing_attr"
    values = {":one": N(1), ":d": S("new")}
    assert it.returned(expression, values, "NONE") is None
    assert it.get() == {**it.key, "a": N(2), "b": S("dog"), "d": S("new")}
    it.put(a=N(1), b=S("dog"), c=S("gone"))
    assert it.returned(expression, values, "ALL_OLD") == {**it.key, "a": N(1), "b": S("dog"),
                                                          "c": S("gone")}
    it.put(a=N(1), b=S("dog"), c=S("gone"))
    assert it.returned(expression, values, "UPDATED_OLD") == {"a": N(1), "c": S("gone")}
    it.put(a=N(1), b=S("dog"), c=S("gone"))
    assert it.returned(expression, values, "ALL_NEW") == {**it.key, "a": N(2), "b": S("dog"),
                                                          "d": S("new")}
    it.put(a=N(1), b=S("dog"), c=S("gone"))
    assert it.returned(expression, values, "UPDATED_NEW") == {"a": N(2), "d": S("new")}


def test_return_values_on_a_new_item(it):
    """For an item the update creates: ALL_OLD and UPDATED_OLD return nothing, ALL_NEW the
    item with its key, UPDATED_NEW only the written attributes (never the key)."""
    values = {":v": N(3)}
    assert it.returned("SET a = :v", values, "ALL_OLD") is None
    it.ddb.delete_item(TableName=it.table, Key=it.key)
    assert it.returned("SET a = :v", values, "UPDATED_OLD") is None
    it.ddb.delete_item(TableName=it.table, Key=it.key)
    assert it.returned("SET a = :v", values, "ALL_NEW") == {**it.key, "a": N(3)}
    it.ddb.delete_item(TableName=it.table, Key=it.key)
    assert it.returned("SET a = :v", values, "UPDATED_NEW") == {"a": N(3)}


def test_updated_values_include_rewrites_with_the_same_value(it):
    """Writing an attribute's current value again still counts as an update."""
    it.put(a=S("same"))
    assert it.returned("SET a = :v", {":v": S("same")}, "UPDATED_OLD") == {"a": S("same")}
    assert it.returned("SET a = :v", {":v": S("same")}, "UPDATED_NEW") == {"a": S("same")}


def test_updated_values_for_nested_paths(it):
    """UPDATED_OLD/UPDATED_NEW return only the updated nested paths, inside their parents
    (DynamoDB Local returns the whole top-level attribute)."""
    doc = M(b=S("dog"), c=L(N(1), N(2), N(3)), keep=S("k"))
    it.put(a=doc, d=S("cat"))
    whole_old = {"a": doc}
    got = it.returned("SET a.b = :v", {":v": S("hi")}, "UPDATED_OLD")
    assert got == per_target({"a": M(b=S("dog"))}, whole_old)
    got = it.returned("SET a.c[1] = :v", {":v": N(7)}, "UPDATED_OLD")
    assert got == per_target({"a": M(c=L(N(2)))},
                             {"a": M(b=S("hi"), c=L(N(1), N(2), N(3)), keep=S("k"))})
    got = it.returned("SET a.c[1] = :v, a.b = :w", {":v": N(8), ":w": S("yo")}, "UPDATED_NEW")
    assert got == per_target({"a": M(b=S("yo"), c=L(N(8)))},
                             {"a": M(b=S("yo"), c=L(N(1), N(8), N(3)), keep=S("k"))})
    assert it.returned("SET a.x1 = :v", {":v": N(8)}, "UPDATED_OLD") is None
    got = it.returned("REMOVE a.c[2], a.c[9]", mode="UPDATED_OLD")
    assert got == per_target({"a": M(c=L(N(3)))},
                             {"a": M(b=S("yo"), c=L(N(1), N(8), N(3)), keep=S("k"), x1=N(8))})
    assert it.get() == {**it.key, "a": M(b=S("yo"), c=L(N(1), N(8)), keep=S("k"), x1=N(8)),
                        "d": S("cat")}


def test_updated_new_omits_an_element_appended_past_the_end(it):
    """SET l[100] appends (at index 3 here), so UPDATED_NEW for path l[100] finds nothing."""
    it.put(l=L(N(1), N(2), N(3)))
    assert it.returned("SET l[100] = :v", {":v": N(9)}, "UPDATED_NEW") is None
    assert it.get()["l"] == L(N(1), N(2), N(3), N(9))


# ---------------------------------------------------------------------------
# SET


def test_set_arithmetic(it):
    """SET a = x + y and x - y take attributes or values on either side."""
    it.put(a=N(2), b=N(10))
    assert it.returned("SET a = a + :v", {":v": N(3)}, "UPDATED_NEW") == {"a": N(5)}
    assert it.returned("SET a = :v - a", {":v": N(1)}, "UPDATED_NEW") == {"a": N(-4)}
    assert it.returned("SET c = a + b, d = b - a", mode="UPDATED_NEW") == {
        "c": N(6), "d": N(14)}
    assert it.returned("SET e = :x + :y", {":x": N("0.1"), ":y": N("0.2")}, "UPDATED_NEW") == {
        "e": N("0.3")}
    assert it.returned("SET f = :x - :y", {":x": N(-5), ":y": N("7.25")}, "UPDATED_NEW") == {
        "f": N("-12.25")}


def test_set_reads_before_it_writes(it):
    """Every right-hand side reads the item as it was before the update."""
    it.put(a=N(1))
    assert it.returned("SET a = :two, b = a", {":two": N(2)}) == {**it.key, "a": N(2), "b": N(1)}
    assert it.returned("REMOVE a SET c = a") == {**it.key, "b": N(1), "c": N(2)}
    it.put(x=N(1), y=N(2))
    assert it.returned("SET x = y, y = x") == {**it.key, "x": N(2), "y": N(1)}


def test_set_copy_of_missing_attribute(it):
    """Reading an attribute the item does not have is a ValidationException, also when an
    earlier SET in the same expression writes it."""
    it.put(a=N(1))
    it.error("SET b = missing_attr", message=NO_SUCH_ATTRIBUTE)
    it.error("SET b = missing_attr + :v", {":v": N(1)}, message=NO_SUCH_ATTRIBUTE)
    it.error("SET x = :v, y = x", {":v": N(1)}, message=NO_SUCH_ATTRIBUTE)
    it.error("SET b = list_append(missing_attr, :l)", {":l": L()}, message=NO_SUCH_ATTRIBUTE)


def test_if_not_exists(it):
    """if_not_exists(path, v) is the path's value when present, else v; it nests and combines
    with + and list_append."""
    assert it.returned("SET a = if_not_exists(a, :v)", {":v": N(2)}, "UPDATED_NEW") == {"a": N(2)}
    assert it.returned("SET a = if_not_exists(a, :v)", {":v": N(3)}, "UPDATED_NEW") == {"a": N(2)}
    assert it.returned("SET b = if_not_exists(a, :v)", {":v": N(9)}, "UPDATED_NEW") == {"b": N(2)}
    assert it.returned("SET c = if_not_exists(c, :zero) + :one", {":zero": N(0), ":one": N(1)},
                       "UPDATED_NEW") == {"c": N(1)}
    assert it.returned("SET d = if_not_exists(nope, if_not_exists(a, :v))", {":v": N(9)},
                       "UPDATED_NEW") == {"d": N(2)}
    assert it.returned("SET l = list_append(if_not_exists(l, :empty), :x)",
                       {":empty": L(), ":x": L(N(1))}, "UPDATED_NEW") == {"l": L(N(1))}


def test_list_append(it):
    """list_append(x, y) concatenates two lists in order; either side may be an attribute."""
    it.put(l=L(S("hi"), N(2)))
    assert it.returned("SET l = list_append(l, :x)", {":x": L(N(4))}, "UPDATED_NEW") == {
        "l": L(S("hi"), N(2), N(4))}
    assert it.returned("SET l = list_append(:x, l)", {":x": L(S("dog"))}, "UPDATED_NEW") == {
        "l": L(S("dog"), S("hi"), N(2), N(4))}
    assert it.returned("SET m = list_append(l, l)", mode="UPDATED_NEW") == {
        "m": L(*[S("dog"), S("hi"), N(2), N(4)] * 2)}
    assert it.returned("SET e = list_append(:a, :b)", {":a": L(), ":b": L(L())}, "UPDATED_NEW") == {
        "e": L(L())}


def test_set_nested_paths(it):
    """SET writes map members and list elements in place, through #names too."""
    it.put(a=M(b=N(3), c=L(S("hi"), M(x=M(y=L(N(3), N(5), N(7)))))))
    it.update("SET a.c[1].#n.y[1] = :v, a.z = :w", {":v": N(9), ":w": S("new")}, {"#n": "x"})
    assert it.get()["a"] == M(b=N(3), c=L(S("hi"), M(x=M(y=L(N(3), N(9), N(7))))), z=S("new"))
    it.update("SET a.c = :v", {":v": N(1)})
    assert it.get()["a"] == M(b=N(3), c=N(1), z=S("new"))


def test_set_list_element_past_the_end_appends(it):
    """SET l[i] past the end appends; several such elements are appended in index order."""
    it.put(l=L(S("one"), S("two"), S("three")))
    it.update("SET l[84] = :a, l[37] = :b, l[17] = :c", {":a": S("a1"), ":b": S("a2"), ":c": S("a3")})
    assert it.get()["l"] == L(S("one"), S("two"), S("three"), S("a3"), S("a2"), S("a1"))


def test_names_are_single_path_elements(it):
    """A #name stands for one attribute name, so #a = "a.b" writes an attribute named "a.b"."""
    it.update("SET #a = :v", {":v": N(3)}, {"#a": "a.b"})
    assert it.get() == {**it.key, "a.b": N(3)}


def test_empty_values_allowed_outside_sets(it):
    """Empty strings, binaries, lists and maps may be SET; empty sets cannot be expressed."""
    it.update("SET s = :s, b = :b, l = :l, m = :m",
              {":s": S(""), ":b": {"B": b""}, ":l": L(), ":m": M()})
    assert it.get() == {**it.key, "s": S(""), "b": {"B": b""}, "l": L(), "m": M()}
    it.error("SET e = :e", {":e": {"SS": []}}, message=(
        "ExpressionAttributeValues contains invalid value: One or more parameter values were "
        "invalid: An string set  may not be empty for key :e"))


# ---------------------------------------------------------------------------
# REMOVE


def test_remove(it):
    """REMOVE drops top-level attributes and map members; missing ones are ignored; an emptied
    map or list stays as {} or []."""
    it.put(a=S("x"), b=M(x=N(1)), c=L(N(1)), keep=N(1))
    it.update("REMOVE a, b.x, c[0], not_there, b.not_there, c[5]")
    assert it.get() == {**it.key, "b": M(), "c": L(), "keep": N(1)}


def test_remove_list_elements_use_original_indexes(it):
    """Indexes in one update refer to the list before the update: REMOVE l[1] SET l[3] = v
    changes the original fourth element and drops the second."""
    it.put(l=L(*[N(i) for i in range(2, 8)]))
    it.update("REMOVE l[1] SET l[3] = :v", {":v": N(17)})
    assert it.get()["l"] == L(N(2), N(4), N(17), N(6), N(7))
    it.put(l=L(*[S(c) for c in "abcdef"]))
    it.update("REMOVE l[0], l[2], l[4], l[9]")
    assert it.get()["l"] == L(S("b"), S("d"), S("f"))


# ---------------------------------------------------------------------------
# ADD and DELETE


def test_add_numbers(it):
    """ADD adds to a number, treating a missing attribute (or item) as 0."""
    assert it.returned("ADD n :v", {":v": N(8)}, "ALL_NEW") == {**it.key, "n": N(8)}
    assert it.returned("ADD n :v", {":v": N(-10)}, "UPDATED_NEW") == {"n": N(-2)}
    assert it.returned("ADD n :v, extra :w", {":v": N("0.5"), ":w": N(1)}, "UPDATED_NEW") == {
        "n": N("-1.5"), "extra": N(1)}


def test_add_sets(it):
    """ADD unions into a set of the same type, creating it if missing; duplicates collapse."""
    assert canon(it.returned("ADD ss :v", {":v": {"SS": ["b", "a"]}}, "UPDATED_NEW")) == {
        "ss": {"SS": ["a", "b"]}}
    assert canon(it.returned("ADD ss :v", {":v": {"SS": ["b", "c"]}}, "UPDATED_NEW")) == {
        "ss": {"SS": ["a", "b", "c"]}}
    it.update("ADD ns :n, bs :b", {":n": {"NS": ["1", "2"]}, ":b": {"BS": [b"\x01"]}})
    it.update("ADD ns :n, bs :b", {":n": {"NS": ["2.0", "3"]}, ":b": {"BS": [b"\x01", b"\x02"]}})
    got = canon(it.get())
    assert got["ns"] == {"NS": ["1", "2", "3"]}
    assert got["bs"] == {"BS": [b"\x01", b"\x02"]}


def test_add_and_delete_nested(it):
    """ADD and DELETE work on nested paths whose parent exists."""
    it.put(m=M(ns={"NS": ["1", "2"]}, n=N(1), ss={"SS": ["x", "y"]}))
    it.update("ADD m.ns :s, m.n :one, m.fresh :one DELETE m.ss :d",
              {":s": {"NS": ["3"]}, ":one": N(1), ":d": {"SS": ["x"]}})
    assert canon(it.get())["m"] == M(ns={"NS": ["1", "2", "3"]}, n=N(2), fresh=N(1),
                                     ss={"SS": ["y"]})
    it.error("ADD m.x.y :one", {":one": N(1)}, message=INVALID_PATH)


def test_delete_from_sets(it):
    """DELETE removes members; absent members and absent attributes are ignored; removing the
    last member removes the attribute (no empty set is left)."""
    it.put(ss={"SS": ["dog", "cat", "mouse"]}, keep=N(1))
    it.update("DELETE ss :v", {":v": {"SS": ["cat", "mouse", "pig"]}})
    assert it.get()["ss"] == {"SS": ["dog"]}
    assert it.returned("DELETE ss :v", {":v": {"SS": ["dog"]}}, "UPDATED_NEW") is None
    assert it.get() == {**it.key, "keep": N(1)}
    it.update("DELETE ss :v", {":v": {"SS": ["dog"]}})
    assert it.get() == {**it.key, "keep": N(1)}


ADD_DELETE_OPERAND_ERRORS = [
    ("ADD x :v", S("a"), "ADD", "STRING"),
    ("ADD x :v", {"B": b"a"}, "ADD", "BINARY"),
    ("ADD x :v", {"BOOL": True}, "ADD", "BOOLEAN"),
    ("ADD x :v", {"NULL": True}, "ADD", "NULL"),
    ("ADD x :v", L(N(1)), "ADD", "LIST"),
    ("ADD x :v", M(a=N(1)), "ADD", "MAP"),
    ("DELETE x :v", S("a"), "DELETE", "STRING"),
    ("DELETE x :v", N(1), "DELETE", "NUMBER"),
    ("DELETE x :v", L(N(1)), "DELETE", "LIST"),
    ("DELETE x :v", M(), "DELETE", "MAP"),
]


@pytest.mark.parametrize("expression,value,action,type_name", ADD_DELETE_OPERAND_ERRORS,
                         ids=[f"{a} {t}" for _, _, a, t in ADD_DELETE_OPERAND_ERRORS])
def test_add_delete_operand_types(it, expression, value, action, type_name):
    """ADD takes a number or a set, DELETE a set; other operand types are rejected by type."""
    it.put(x=N(1))
    it.error(expression, {":v": value}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator: {action}, "
        f"operand type: {type_name}, typeSet: ALLOWED_FOR_{action}_OPERAND"))


def test_add_delete_against_wrong_attribute_type(it):
    """ADD/DELETE whose operand type does not fit the stored attribute (ADD a number to a
    string or set, a set to a number or another set type, DELETE from a non-set) are rejected."""
    it.put(n=N(1), s=S("str"), ss={"SS": ["a"]}, ns={"NS": ["1"]})
    cases = [("ADD s :n", {":n": N(1)}), ("ADD ss :n", {":n": N(1)}), ("ADD n :ss", {":ss": {"SS": ["a"]}}),
             ("ADD ns :ss", {":ss": {"SS": ["a"]}}), ("DELETE ss :ns", {":ns": {"NS": ["1"]}}),
             ("DELETE n :ns", {":ns": {"NS": ["1"]}})]
    for expression, values in cases:
        it.error(expression, values, message=WRONG_DATA_TYPE)


def test_arithmetic_on_non_numbers(it):
    """+ and - on a string value is a validation error naming the type; on a stored non-number
    it is the data-type error."""
    it.put(s=S("str"), n=N(1), l=L())
    it.error("SET x = :s + :n", {":s": S("a"), ":n": N(1)}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator or function: +, "
        "operand type: S"))
    it.error("SET x = n - :l", {":l": L()}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator or function: -, "
        "operand type: L"))
    it.error("SET x = s + :n", {":n": N(1)}, message=WRONG_DATA_TYPE)
    it.error("SET x = list_append(s, :l)", {":l": L()}, message=WRONG_DATA_TYPE)
    it.error("SET x = list_append(:s, l)", {":s": S("a")}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator or function: "
        "list_append, operand type: S"))


# ---------------------------------------------------------------------------
# Clauses


def test_several_clauses_in_any_order(it):
    """SET, REMOVE, ADD and DELETE combine in one expression, in any order and any letter case."""
    it.put(r=S("x"), d={"SS": ["a", "b"]})
    it.update("delete d :d ADD n :one Set s = :s remove r",
              {":d": {"SS": ["a"]}, ":one": N(1), ":s": S("v")})
    assert it.get() == {**it.key, "d": {"SS": ["b"]}, "n": N(1), "s": S("v")}


@pytest.mark.parametrize("section", ["SET", "REMOVE", "ADD", "DELETE"])
def test_each_section_only_once(it, section):
    """Each of SET, REMOVE, ADD, DELETE may appear only once per expression."""
    expressions = {"SET": "SET a = :n SET b = :n", "REMOVE": "REMOVE a SET c = :n REMOVE b",
                   "ADD": "ADD a :n ADD b :n", "DELETE": "DELETE a :s DELETE b :s"}
    expression = expressions[section]
    values = used({":n": N(1), ":s": {"SS": ["x"]}}, expression)
    it.error(expression, values, message=(
        f'{BAD}The "{section}" section can only be used once in an update expression;'))


OVERLAPS = [
    ("SET a = :n, a = :s", "[a]", "[a]"),
    ("SET a = :n REMOVE a", "[a]", "[a]"),
    ("SET m.x = :n, m = :n", "[m, x]", "[m]"),
    ("SET m = :n, m.x = :n", "[m]", "[m, x]"),
    ("SET l[1] = :n, l[1][0] = :n", "[l, [1]]", "[l, [1], [0]]"),
    ("ADD n :n, n :n", "[n]", "[n]"),
    ("ADD n :n DELETE n :ss", "[n]", "[n]"),
    ("REMOVE c, c.a", "[c]", "[c, a]"),
    ("SET #a = :n, #b = :n", "[a]", "[a]"),
]


@pytest.mark.parametrize("expression,one,two", OVERLAPS, ids=[e for e, _, _ in OVERLAPS])
def test_overlapping_paths(it, expression, one, two):
    """Two actions on the same path, or on a path and its ancestor, are rejected (after #name
    substitution, whatever the item holds)."""
    values = used({":n": N(1), ":s": S("x"), ":ss": {"NS": ["1"]}}, expression)
    names = {"#a": "a", "#b": "a"} if "#a" in expression else None
    it.error(expression, values, names, message=(
        f"{BAD}Two document paths overlap with each other; must remove or rewrite one of these "
        f"paths; path one: {one}, path two: {two}"))


CONFLICTS = [
    ("SET m.x = :n, m[0] = :n", "[m, x]", "[m, [0]]"),
    ("SET l[0] = :n, l.x = :n", "[l, [0]]", "[l, x]"),
    ("REMOVE m.x SET m[1] = :n", "[m, x]", "[m, [1]]"),
    ("SET m.a.b = :n, m.a[1] = :n", "[m, a, b]", "[m, a, [1]]"),
]


@pytest.mark.parametrize("expression,one,two", CONFLICTS, ids=[e for e, _, _ in CONFLICTS])
def test_conflicting_paths(it, expression, one, two):
    """Treating one parent as both a map and a list in one expression is rejected."""
    it.error(expression, {":n": N(1)}, message=(
        f"{BAD}Two document paths conflict with each other; must remove or rewrite one of these "
        f"paths; path one: {one}, path two: {two}"))


def test_non_overlapping_siblings_are_fine(it):
    """Siblings under one parent (a.b and a.c, l[0] and l[1]) may be updated together."""
    it.put(a=M(x=N(3), y=N(4), c=M(y=N(3))), l=L(N(0), N(1)))
    it.update("SET a.b = :v, a.c.d = :w, l[0] = :w REMOVE a.x, l[1]", {":v": N(10), ":w": S("d")})
    assert it.get() == {**it.key, "a": M(y=N(4), b=N(10), c=M(y=N(3), d=S("d"))), "l": L(S("d"))}


INVALID_PATHS = [
    "SET s.x = :v",
    "SET l.x = :v",
    "SET m[0] = :v",
    "SET s[0] = :v",
    "SET absent_attr.x = :v",
    "SET absent_attr[0] = :v",
    "SET m.absent_attr.y = :v",
    "REMOVE s.x",
    "REMOVE absent_attr.x",
    "REMOVE absent_attr[0]",
    "ADD absent_attr.x :v",
    "DELETE absent_attr.x :ss",
]


@pytest.mark.parametrize("expression", INVALID_PATHS)
def test_path_through_missing_or_wrong_typed_parent(it, expression):
    """Writing below a parent that is missing or is not a map/list of the right kind is
    "The document path provided in the update expression is invalid for update"."""
    it.put(s=S("str"), l=L(S("x")), m=M(x=N(1)))
    values = used({":v": N(1), ":ss": {"SS": ["a"]}}, expression)
    it.error(expression, values, message=INVALID_PATH)


def test_nested_path_on_absent_item(it):
    """SET below a missing parent fails on an absent item too, and creates nothing."""
    it.error("SET x.y = :v", {":v": N(1)}, message=INVALID_PATH)
    it.error("SET x[0] = :v", {":v": N(1)}, message=INVALID_PATH)
    assert it.get() is None


# ---------------------------------------------------------------------------
# Key attributes


KEY_UPDATES = ["SET pk = :s", "REMOVE pk", "ADD pk :ss", "DELETE pk :ss", "SET pk.x = :s",
               "SET extra = :s REMOVE pk"]


@pytest.mark.parametrize("expression", KEY_UPDATES)
def test_key_attributes_cannot_be_updated(it, expression):
    """Any action on a key attribute, even a nested path under it, is rejected."""
    it.put(extra=S("o"))
    values = used({":s": S("x"), ":ss": {"SS": ["x"]}}, expression)
    it.error(expression, values, message=(
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute "
        "is part of the key"))


def test_range_key_cannot_be_updated(ddb, t):
    """The sort key is protected the same way."""
    key = {"pk": S("range-key"), "sk": N(1)}
    with pytest.raises(ClientError) as excinfo:
        ddb.update_item(TableName=t["range"], Key=key, UpdateExpression="ADD sk :one",
                        ExpressionAttributeValues={":one": N(1)})
    assert_client_error(excinfo, "ValidationException", (
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute "
        "is part of the key"))


def test_key_attributes_can_be_read(ddb, t):
    """Key attributes may appear on the right-hand side."""
    key = {"pk": S("read-key"), "sk": N(7)}
    ddb.update_item(TableName=t["range"], Key=key, UpdateExpression="SET a = pk, b = sk + sk")
    got = ddb.get_item(TableName=t["range"], Key=key, ConsistentRead=True)["Item"]
    assert got == {**key, "a": S("read-key"), "b": N(14)}


def test_key_attribute_path_on_the_right(it):
    """A document path into a key attribute is rejected: keys are scalars."""
    it.put(a=N(1))
    it.error("SET x = pk.y", message=(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: pk"))


# ---------------------------------------------------------------------------
# Functions and syntax


UPDATE_FUNCTION_ERRORS = [
    ("SET x = list_append(:l)", {":l": L()},
     "Incorrect number of operands for operator or function; operator or function: "
     "list_append, number of operands: 1"),
    ("SET x = if_not_exists(n)", None,
     "Incorrect number of operands for operator or function; operator or function: "
     "if_not_exists, number of operands: 1"),
    ("SET x = if_not_exists(:n, :n)", {":n": N(1)},
     "Operator or function requires a document path; operator or function: if_not_exists"),
    ("SET x = size(s)", None, "The function is not allowed in an update expression; function: size"),
    ("SET x = attribute_exists(s)", None,
     "The function is not allowed in an update expression; function: attribute_exists"),
    ("SET x = foo(s)", None, "Invalid function name; function: foo"),
    ("SET x = list_append(list_append(:l, :l), :l)", {":l": L()},
     "The function is not allowed to be used this way in an expression; function: list_append"),
]


@pytest.mark.parametrize("expression,values,message", UPDATE_FUNCTION_ERRORS,
                         ids=[e for e, _, _ in UPDATE_FUNCTION_ERRORS])
def test_update_function_misuse(it, expression, values, message):
    """Only if_not_exists and list_append exist in SET, with two operands each; if_not_exists
    needs a path first; list_append does not nest in list_append."""
    it.put(s=S("str"), n=N(1))
    it.error(expression, values, message=BAD + message)


UPDATE_SYNTAX_ERRORS = [
    ("set a", 'token: "<EOF>", near: "a"'),
    ("HELLO b = :n", 'token: "HELLO", near: "HELLO b"'),
    ("SET x = :n + :n + :n", 'token: "+", near: ":n + :n"'),
    ("SET x = n * :n", 'token: "*", near: "n * :n"'),
    ("SET a = :n REMOVE", 'token: "<EOF>", near: "REMOVE"'),
    ("SET a = :n,", 'token: "<EOF>", near: ","'),
    ("SET a = :n DELETE b", 'token: "<EOF>", near: "b"'),
    ("SET a..b = :n", 'token: ".", near: "..b"'),
    ("SET _a = :n", 'token: "_", near: "SET _a"'),
    ("SET 1a = :n", 'token: "1", near: "SET 1a"'),
    ("SET a[1.5] = :n", 'token: ".", near: "1.5"'),
    ("SET a = 5", 'token: "5", near: "= 5"'),
    ("SET :n = a", 'token: ":n", near: "SET :n ="'),
    ("SET a := :n", 'token: ":", near: "a :="'),
]


@pytest.mark.parametrize("expression,detail", UPDATE_SYNTAX_ERRORS, ids=[e for e, _ in UPDATE_SYNTAX_ERRORS])
def test_update_syntax_errors(it, expression, detail):
    """A malformed update is "Invalid UpdateExpression: Syntax error; token: "<t>", near:
    "<context>""."""
    it.error(expression, {":n": N(1)} if ":n" in expression else None,
             message=f"{BAD}Syntax error; {detail}")


def test_update_reserved_word(it):
    """An unescaped reserved word is rejected, echoed as written; #name escapes it."""
    it.error("SET status = :v", {":v": S("x")},
             message=f"{BAD}Attribute name is a reserved keyword; reserved keyword: status")
    it.error("SET a.Status = :v", {":v": S("x")},
             message=f"{BAD}Attribute name is a reserved keyword; reserved keyword: Status")
    it.update("SET #s = :v", {":v": S("x")}, {"#s": "status"})
    assert it.get() == {**it.key, "status": S("x")}


def test_empty_update_expression(it):
    """An empty UpdateExpression is rejected as empty; blanks only are a syntax error."""
    it.error("", message=f"{BAD}The expression can not be empty;")
    it.error("   ", message=f'{BAD}Syntax error; token: "<EOF>", near: "   "')


# ---------------------------------------------------------------------------
# Placeholders and the order of checks


def test_undefined_and_unused_placeholders(it):
    """Undefined #names and :values are named; unused ones are listed; names come first."""
    it.error("SET #q = :z", {":a": N(1)}, {"#x": "x"}, message=(
        f"{BAD}An expression attribute name used in the document path is not defined; "
        "attribute name: #q"))
    it.error("SET #x = :z", {":a": N(1)}, {"#x": "x"}, message=(
        f"{BAD}An expression attribute value used in expression is not defined; "
        "attribute value: :z"))
    it.error("SET a = :a", {":a": N(1), ":u": N(1)}, {"#u": "u"}, message=(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}"))
    it.error("SET a = :a", {":a": N(1), ":u": N(1)}, message=(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}"))


def test_several_unused_values_listed(it):
    """All unused values are listed in one message (DynamoDB's order for several keys is not
    recorded; DynamoDB Local uses Java hash-set order)."""
    expected = per_target(
        re.compile(r"Value provided in ExpressionAttributeValues unused in expressions: "
                   r"keys: \{(:b, :c|:c, :b)\}"),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b, :c}")
    it.error("SET a = :a", {":a": N(1), ":c": N(2), ":b": N(3)}, message=expected)


def test_update_expression_checked_before_condition_expression(it):
    """The UpdateExpression is parsed and resolved before the ConditionExpression: its syntax
    and placeholder errors win; a valid UpdateExpression lets the condition's errors through."""
    it.error("SET a = = :a", names=None, ConditionExpression="b = = :z", message=(
        f'{BAD}Syntax error; token: "=", near: "= = :a"'))
    it.error("SET a = :zz", {":a": N(1)}, ConditionExpression="b = = :z", message=(
        f"{BAD}An expression attribute value used in expression is not defined; "
        "attribute value: :zz"))
    it.error("SET a = :a", {":a": N(1)}, ConditionExpression="b = = :z", message=(
        'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :z"'))
    it.error("SET a = :a", {":a": N(1)}, ConditionExpression="b = :z", message=(
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :z"))


def test_semantic_checks_before_unused_values(it):
    """Overlapping paths and operand types are reported before unused values; the key
    attribute check comes after them."""
    it.error("SET a = :a, a = :b", {":a": N(1), ":b": N(1), ":c": N(1)}, message=(
        f"{BAD}Two document paths overlap with each other; must remove or rewrite one of these "
        "paths; path one: [a], path two: [a]"))
    it.error("SET a = :s + :a", {":a": N(1), ":s": S("x"), ":c": N(1)}, message=(
        f"{BAD}Incorrect operand type for operator or function; operator or function: +, "
        "operand type: S"))
    it.error("SET pk = :a", {":a": S("1"), ":c": N(1)}, message=(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:c}"))


def test_failed_condition_leaves_item_and_creates_nothing(it):
    """A guarded update whose condition fails changes nothing and creates no item."""
    with pytest.raises(ClientError) as excinfo:
        it.update("SET a = :v", {":v": N(1)}, ConditionExpression="attribute_exists(pk)")
    assert_client_error(excinfo, "ConditionalCheckFailedException", "The conditional request failed")
    assert it.get() is None
    it.put(a=N(1))
    with pytest.raises(ClientError) as excinfo:
        it.update("SET a = a + :v", {":v": N(1)}, ConditionExpression="a > :v")
    assert_client_error(excinfo, "ConditionalCheckFailedException", "The conditional request failed")
    assert it.get() == {**it.key, "a": N(1)}


# ---------------------------------------------------------------------------
# Exact 38-digit arithmetic


EXACT = [
    ("12345678901234567890123456789012345678", "SET n = n + :v", "1",
     "12345678901234567890123456789012345679"),
    ("99999999999999999999999999999999999999", "SET n = n + :v", "1",
     "100000000000000000000000000000000000000"),
    ("99999999999999999999999999999999999999", "ADD n :v", "1",
     "100000000000000000000000000000000000000"),
    ("12345678901234567890123456789012345678", "SET n = n - :v",
     "12345678901234567890123456789012345677", "1"),
    ("1", "SET n = n + :v", "0.0000000000000000000000000000000000001",
     "1.0000000000000000000000000000000000001"),
    ("10000000000000000000000000000000000000", "ADD n :v", "1",
     "10000000000000000000000000000000000001"),
    ("0.1", "ADD n :v", "0.2", "0.3"),
    ("1E+2", "SET n = n + :v", "1E+2", "200"),
    ("5", "SET n = n - :v", "7.25", "-2.25"),
    ("-0.5", "ADD n :v", "-0.25", "-0.75"),
    ("1E-130", "SET n = n + :v", "1E-130", "0." + "0" * 129 + "2"),
]


@pytest.mark.parametrize("start,expression,operand,result", EXACT,
                         ids=[f"{s} {e} {o}" for s, e, o, _ in EXACT])
def test_exact_decimal_arithmetic(it, start, expression, operand, result):
    """SET a = a + :v, a - :v and ADD compute exactly in decimal with 38 significant digits,
    across the whole 1E-130..1E+126 range (no binary floating point)."""
    it.put(n=N(start))
    assert it.returned(expression, {":v": N(operand)}, "UPDATED_NEW") == {"n": N(result)}
    assert it.get()["n"] == N(result)


NORMALISED = [
    ("1.5", "SET n = n - :v", "1.5", "0", "0.0"),
    ("100", "SET n = n - :v", "100.00", "0", "0.00"),
    ("2.50", "ADD n :v", "2.50", "5", "5.00"),
]


@pytest.mark.parametrize("start,expression,operand,dynamodb,local", NORMALISED,
                         ids=[f"{s} {e} {o}" for s, e, o, _, _ in NORMALISED])
def test_arithmetic_results_are_normalised(it, start, expression, operand, dynamodb, local):
    """Arithmetic results are stored and returned in canonical form like any number (DynamoDB
    Local keeps the operands' scale, e.g. "0.0")."""
    it.put(n=N(start))
    want = N(per_target(dynamodb, local))
    assert it.returned(expression, {":v": N(operand)}, "UPDATED_NEW") == {"n": want}
    assert it.get()["n"] == want


OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
LOCAL_PRECISION = "DynamoDB only supports precision up to 38 digits"
# Which of its number texts DynamoDB gives when a sum needs more than 38 digits is not
# recorded for every case: Alternator's live run saw the overflow text for 1E+50 + 1.
ANY_NUMBER_LIMIT = re.compile(
    r"(DynamoDB only supports precision up to 38 digits|Attempting to store more than 38 "
    r"significant digits in a Number|Number overflow\. Attempting to store a number with "
    r"magnitude larger than supported range)")

ARITHMETIC_ERRORS = [
    ("9E+125", "SET n = n + :v", "9E+125", OVERFLOW, OVERFLOW),
    ("-9E+125", "SET n = n - :v", "9E+125", OVERFLOW, OVERFLOW),
    ("9E+125", "ADD n :v", "9E+125", OVERFLOW, OVERFLOW),
    ("1E+50", "SET n = n + :v", "1", OVERFLOW, LOCAL_PRECISION),
    ("12345678901234567890123456789012345678", "SET n = n + :v", "0.1", ANY_NUMBER_LIMIT,
     LOCAL_PRECISION),
    ("12345678901234567890123456789012345678", "ADD n :v", "0.1", ANY_NUMBER_LIMIT,
     LOCAL_PRECISION),
    ("0.5", "SET n = n + :v", "99999999999999999999999999999999999999", ANY_NUMBER_LIMIT,
     LOCAL_PRECISION),
    ("1E+100", "ADD n :v", "1E-100", ANY_NUMBER_LIMIT, LOCAL_PRECISION),
]


@pytest.mark.parametrize("start,expression,operand,dynamodb,local", ARITHMETIC_ERRORS,
                         ids=[f"{s} {e} {o}" for s, e, o, _, _ in ARITHMETIC_ERRORS])
def test_arithmetic_overflow_and_precision(it, start, expression, operand, dynamodb, local):
    """A result beyond 9.99..E+125 or needing more than 38 significant digits is a
    ValidationException and nothing is written (no rounding)."""
    it.put(n=N(start))
    it.error(expression, {":v": N(operand)}, message=per_target(dynamodb, local))
