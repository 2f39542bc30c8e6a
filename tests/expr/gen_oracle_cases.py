#!/usr/bin/python3
"""Regenerates tests/expr/oracle_cases.inc: expression cases whose expected results were
observed on DynamoDB Local (the project's oracle, http://127.0.0.1:8001).

Each case runs one request on the oracle and records what it answered:
  condition: PutItem with ConditionExpression over a stored (or absent) item
             -> "TRUE" (written), "FALSE" (ConditionalCheckFailedException) or the message;
  update:    UpdateItem (ReturnValues ALL_NEW) with UpdateExpression and an optional
             ConditionExpression -> the new item rendered by render() or the message;
  projection: GetItem with ProjectionExpression -> the projected item or the message.
Known oracle divergences from DynamoDB are not generated here; they are pinned by hand in
the other test files with a comment naming the difference.

Usage: /usr/bin/python3 tests/expr/gen_oracle_cases.py > tests/expr/oracle_cases.inc
"""
import base64
import decimal
import json
import sys
import urllib.error
import urllib.request

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from oracle_case_list import CONDITIONS, UPDATES, PROJECTIONS  # noqa: E402

URL = 'http://127.0.0.1:8001/'
TABLE = 'drydock_expr_cases'
decimal.getcontext().prec = 200


def call(action, body):
    req = urllib.request.Request(URL, data=json.dumps(body).encode(), method='POST', headers={
        'X-Amz-Target': 'DynamoDB_20120810.' + action,
        'Content-Type': 'application/x-amz-json-1.0',
        'Authorization': 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/'
                         'aws4_request, SignedHeaders=host;x-amz-date, Signature=abc'})
    try:
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read() or b'{}')
    except urllib.error.HTTPError as e:
        d = json.loads(e.read() or b'{}')
        return {'__error': d.get('__type', '').split('#')[-1],
                'message': d.get('Message', d.get('message'))}


def canonical_number(text):
    d = decimal.Decimal(text)
    if d == 0:
        return '0'
    s = format(d.normalize(), 'f')
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    return s


def render(v):
    """Deterministic text of an AttributeValue; mirrored by Render() in oracle_test.cc."""
    (t, x), = v.items()
    if t == 'S':
        return 'S"' + x + '"'
    if t == 'N':
        return 'N' + canonical_number(x)
    if t == 'B':
        return 'B' + base64.b64decode(x).hex()
    if t == 'BOOL':
        return 'true' if x else 'false'
    if t == 'NULL':
        return 'null'
    if t == 'L':
        return '[' + ','.join(render(e) for e in x) + ']'
    if t == 'M':
        return '{' + ','.join(k + ':' + render(x[k]) for k in sorted(x, key=lambda k: k.encode())) + '}'
    if t == 'NS':
        members = sorted(canonical_number(m) for m in x)
    elif t == 'BS':
        members = sorted(base64.b64decode(m).hex() for m in x)
    else:
        members = sorted(x, key=lambda m: m.encode())
    return t + '<' + ','.join(members) + '>'


def render_item(item):
    if item is None:
        return 'null'
    return render({'M': item})


def cpp_string(s):
    out = '"'
    for b in s.encode():
        c = chr(b)
        if c in '"\\':
            out += '\\' + c
        elif 32 <= b < 127:
            out += c
        else:
            out += '\\x%02x""' % b  # split the literal so following hex digits are not eaten
    return out + '"'


def cpp_bytes(b):
    """A std::string holding raw bytes (NUL included)."""
    return 'std::string("%s", %d)' % (''.join('\\x%02x""' % c for c in b), len(b))


def cpp_value(v):
    (t, x), = v.items()
    if t in ('S', 'N'):
        return '%s(%s)' % (t, cpp_string(x))
    if t == 'B':
        return 'Bin(%s)' % cpp_bytes(base64.b64decode(x))
    if t == 'BOOL':
        return 'Bool(%s)' % ('true' if x else 'false')
    if t == 'NULL':
        return 'Null()'
    if t == 'L':
        return 'L({' + ', '.join(cpp_value(e) for e in x) + '})'
    if t == 'M':
        return 'M(' + cpp_map(x) + ')'
    if t == 'BS':
        return 'BS({' + ', '.join(cpp_bytes(base64.b64decode(m)) for m in x) + '})'
    return '%s({%s})' % (t, ', '.join(cpp_string(m) for m in x))


def cpp_map(m):
    return '{' + ', '.join('{%s, %s}' % (cpp_string(k), cpp_value(v)) for k, v in m.items()) + '}'


def cpp_names(n):
    if n is None:
        return 'kNone'
    return 'Names{' + ', '.join('{%s, %s}' % (cpp_string(k), cpp_string(v)) for k, v in n.items()) + '}'


def cpp_values(v):
    if v is None:
        return 'kNoValues'
    return 'Values' + cpp_map(v)


ITEM_NAMES = {}


def cpp_item(item):
    if item is None:
        return 'kNoItem'
    text = cpp_map(item)
    if text not in ITEM_NAMES:
        ITEM_NAMES[text] = 'kItem%d' % len(ITEM_NAMES)
    return ITEM_NAMES[text]


def put_item(key, item):
    call('DeleteItem', {'TableName': TABLE, 'Key': key})
    if item is not None:
        it = dict(item)
        it.update(key)
        r = call('PutItem', {'TableName': TABLE, 'Item': it})
        assert '__error' not in r, r


def with_params(body, names, values):
    if names is not None:
        body['ExpressionAttributeNames'] = names
    if values is not None:
        body['ExpressionAttributeValues'] = values
    return body


def run_condition(expr, names, values, item):
    key = {'pk': {'S': 'c'}}
    put_item(key, item)
    r = call('PutItem', with_params({'TableName': TABLE, 'Item': dict(key, zz={'S': 'x'}),
                                     'ConditionExpression': expr}, names, values))
    if '__error' in r:
        return 'FALSE' if r['__error'] == 'ConditionalCheckFailedException' else r['message']
    return 'TRUE'


def run_update(expr, cond, names, values, item):
    key = {'pk': {'S': 'u'}}
    put_item(key, item)
    body = {'TableName': TABLE, 'Key': key, 'UpdateExpression': expr, 'ReturnValues': 'ALL_NEW'}
    if cond is not None:
        body['ConditionExpression'] = cond
    r = call('UpdateItem', with_params(body, names, values))
    if '__error' in r:
        return 'FALSE' if r['__error'] == 'ConditionalCheckFailedException' else r['message']
    attrs = r.get('Attributes')
    if attrs is not None:
        attrs = {k: v for k, v in attrs.items() if k != 'pk'}
    return render_item(attrs)


def run_projection(expr, names, item):
    key = {'pk': {'S': 'p'}}
    put_item(key, item)
    r = call('GetItem', with_params({'TableName': TABLE, 'Key': key,
                                     'ProjectionExpression': expr}, names, None))
    if '__error' in r:
        return r['message']
    return render_item(r.get('Item'))


def main():
    call('CreateTable', {'TableName': TABLE, 'BillingMode': 'PAY_PER_REQUEST',
                         'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'}],
                         'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}]})
    lines = []
    emit = lines.append
    emit('#ifdef CONDITION_CASE')
    for expr, names, values, item in CONDITIONS:
        out = run_condition(expr, names, values, item)
        emit('CONDITION_CASE(%s, %s, %s, %s, %s)' % (cpp_string(expr), cpp_names(names),
              cpp_values(values), cpp_item(item), cpp_string(out)))
    emit('#endif')
    emit('#ifdef UPDATE_CASE')
    for expr, cond, names, values, item in UPDATES:
        out = run_update(expr, cond, names, values, item)
        emit('UPDATE_CASE(%s, %s, %s, %s, %s, %s)' % (cpp_string(expr),
              'nullptr' if cond is None else cpp_string(cond), cpp_names(names),
              cpp_values(values), cpp_item(item), cpp_string(out)))
    emit('#endif')
    emit('#ifdef PROJECTION_CASE')
    for expr, names, item in PROJECTIONS:
        out = run_projection(expr, names, item)
        emit('PROJECTION_CASE(%s, %s, %s, %s)' % (cpp_string(expr), cpp_names(names),
              cpp_item(item), cpp_string(out)))
    emit('#endif')
    print('// Generated by tests/expr/gen_oracle_cases.py from DynamoDB Local 1.25.1; do not edit.')
    print('// clang-format off')
    print('#ifdef ORACLE_ITEMS')
    for text, name in ITEM_NAMES.items():
        print('const std::optional<Item> %s = OptItem(%s);' % (name, text))
    print('#endif')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
