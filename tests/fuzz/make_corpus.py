#!/usr/bin/python3
"""Regenerates the seed corpora in tests/fuzz/corpus/ (committed; run.sh does not call this).

  parsers/  expressions taken from tests/expr/oracle_case_list.py (conditions, updates,
            projections) and key conditions as Query uses them;
  sigv4/    requests signed by botocore: the DynamoDB operations below as boto3 sends them,
            and requests shaped like the AWS SigV4 test suite's, as text (see fuzz_sigv4.cc);
  decoder/  the bodies of those DynamoDB requests.

Requests are signed with AKIDEXAMPLE and its secret at 20150830T123600Z (botocore's clock is
frozen), the time and key that fuzz_sigv4 accepts, so seeds pass every check. boto3 sends
them to a DynamoDB endpoint, DynamoDB Local by default; its answers are not used.

Usage: /usr/bin/python3 tests/fuzz/make_corpus.py [endpoint]   (default http://127.0.0.1:8001)
Files this script did not write (the regression inputs, named regress-*) are kept.
"""
import datetime
import os
import sys
import types
import uuid

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')
ACCESS_KEY = 'AKIDEXAMPLE'
SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'


class _Frozen(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return cls(2015, 8, 30, 12, 36, 0)


# botocore.auth reads the clock as datetime.datetime.utcnow(); give it a module whose
# datetime class is frozen and everything else the real one.
botocore.auth.datetime = types.SimpleNamespace(**{
    name: getattr(datetime, name) for name in dir(datetime) if not name.startswith('__')})
botocore.auth.datetime.datetime = _Frozen


def write(folder, name, data):
    os.makedirs(os.path.join(CORPUS, folder), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, folder, name), 'wb') as f:
        f.write(data)


def clear(folder):
    path = os.path.join(CORPUS, folder)
    if os.path.isdir(path):
        for name in os.listdir(path):
            if not name.startswith('regress-'):
                os.remove(os.path.join(path, name))


def request_text(method, url, headers, body):
    """A request in fuzz_sigv4's input format."""
    parsed = botocore.awsrequest.urlsplit(url)
    target = parsed.path or '/'
    if parsed.query:
        target += '?' + parsed.query
    lines = [f'{method} {target}']
    names = {k.lower() for k in headers.keys()}
    if 'host' not in names:  # urllib3 adds it when sending; botocore signed this value
        lines.append(f'Host: {parsed.netloc}')
    for k, v in headers.items():
        lines.append(f'{k}: {v.decode() if isinstance(v, bytes) else v}')
    if isinstance(body, str):
        body = body.encode()
    return '\r\n'.join(lines).encode() + b'\r\n\r\n' + (body or b'')


# ---- parsers ----

def make_parsers():
    sys.path.insert(0, os.path.join(ROOT, 'tests', 'expr'))
    import oracle_case_list as cases
    clear('parsers')
    picked = []
    picked += [c[0] for c in cases.CONDITIONS[::14]]
    picked += [c[0] for c in cases.UPDATES[::12]]
    picked += [c[1] for c in cases.UPDATES if c[1]][:3]
    picked += [c[0] for c in cases.PROJECTIONS[::5]]
    picked += ['pk = :v', 'pk = :v AND sk BETWEEN :lo AND :hi', 'pk = :v AND begins_with(sk, :p)',
               '#k = :v AND #s >= :w', '(pk = :v) AND (sk < :w)']
    seen = set()
    n = 0
    for expr in picked:
        if expr in seen:
            continue
        seen.add(expr)
        n += 1
        write('parsers', f'expr-{n:03d}', expr)


# ---- sigv4 + decoder: DynamoDB requests as boto3 sends them ----

def dynamodb_requests(endpoint):
    captured = []

    def capture(request, **_):
        captured.append(request_text(request.method, request.url, request.headers, request.body))
        body = request.body
        captured_bodies.append(body.encode() if isinstance(body, str) else body or b'')

    captured_bodies = []
    client = boto3.client(
        'dynamodb', endpoint_url=endpoint, region_name='us-east-1',
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET,
        config=botocore.config.Config(retries={'max_attempts': 1, 'mode': 'standard'}))
    client.meta.events.register('before-send.dynamodb.*', capture)

    t = 'fuzz_corpus_' + uuid.uuid4().hex[:8]
    item = {
        'pk': {'S': 'user#1'}, 'sk': {'N': '1'}, 's': {'S': 'h\u00e9llo \U0001F600'},
        'n': {'N': '-12.5e3'}, 'b': {'B': b'\x00\x01\xff'}, 't': {'BOOL': True},
        'z': {'NULL': True}, 'ss': {'SS': ['a', 'b']}, 'ns': {'NS': ['1', '2.50', '-3E-2']},
        'bs': {'BS': [b'\x01', b'\x02\x03']},
        'l': {'L': [{'N': '1'}, {'S': 'x'}, {'L': [{'M': {'k': {'S': 'v'}}}]}]},
        'm': {'M': {'name': {'S': 'n'}, 'nested': {'M': {'deep': {'L': [{'BOOL': False}]}}}}},
    }
    key = {'pk': {'S': 'user#1'}, 'sk': {'N': '1'}}
    calls = [
        ('create_table', dict(
            TableName=t, BillingMode='PROVISIONED',
            KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'},
                       {'AttributeName': 'sk', 'KeyType': 'RANGE'}],
            AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'},
                                  {'AttributeName': 'sk', 'AttributeType': 'N'},
                                  {'AttributeName': 'g', 'AttributeType': 'S'}],
            ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5},
            GlobalSecondaryIndexes=[{
                'IndexName': 'by_g', 'KeySchema': [{'AttributeName': 'g', 'KeyType': 'HASH'}],
                'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['s']},
                'ProvisionedThroughput': {'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1}}])),
        ('describe_table', dict(TableName=t)),
        ('list_tables', dict(Limit=10, ExclusiveStartTableName='aaa')),
        ('put_item', dict(TableName=t, Item=item)),
        ('put_item', dict(
            TableName=t, Item={'pk': {'S': 'user#1'}, 'sk': {'N': '2'}, 'g': {'S': 'grp'}},
            ConditionExpression='attribute_not_exists(#p) OR #n < :max',
            ExpressionAttributeNames={'#p': 'pk', '#n': 'n'},
            ExpressionAttributeValues={':max': {'N': '100'}},
            ReturnValues='ALL_OLD', ReturnConsumedCapacity='TOTAL')),
        ('get_item', dict(TableName=t, Key=key, ConsistentRead=True,
                          ProjectionExpression='#s, l[2], m.nested.deep, ss',
                          ExpressionAttributeNames={'#s': 's'})),
        ('update_item', dict(
            TableName=t, Key=key,
            UpdateExpression='SET #c = if_not_exists(#c, :zero) + :one, l = list_append(l, :more)'
                             ' REMOVE m.#nm ADD ns :nums DELETE ss :gone',
            ConditionExpression='size(l) < :max AND begins_with(#s, :pre)',
            ExpressionAttributeNames={'#c': 'count', '#nm': 'name', '#s': 's'},
            ExpressionAttributeValues={':zero': {'N': '0'}, ':one': {'N': '1'},
                                       ':more': {'L': [{'S': 'y'}]}, ':nums': {'NS': ['4']},
                                       ':gone': {'SS': ['a']}, ':max': {'N': '10'},
                                       ':pre': {'S': 'h'}},
            ReturnValues='UPDATED_NEW')),
        ('query', dict(
            TableName=t, KeyConditionExpression='pk = :p AND sk BETWEEN :lo AND :hi',
            FilterExpression='attribute_type(b, :bt) OR contains(ss, :a)',
            ExpressionAttributeValues={':p': {'S': 'user#1'}, ':lo': {'N': '0'},
                                       ':hi': {'N': '9'}, ':bt': {'S': 'B'}, ':a': {'S': 'a'}},
            Limit=5, ScanIndexForward=False, Select='ALL_ATTRIBUTES',
            ExclusiveStartKey=key)),
        ('query', dict(TableName=t, IndexName='by_g', KeyConditionExpression='g = :g',
                       ExpressionAttributeValues={':g': {'S': 'grp'}}, Select='COUNT')),
        ('scan', dict(TableName=t, Segment=1, TotalSegments=4, Limit=100,
                      FilterExpression='n IN (:a, :b) AND NOT attribute_exists(z)',
                      ExpressionAttributeValues={':a': {'N': '1'}, ':b': {'N': '2'}},
                      ProjectionExpression='pk, sk')),
        ('batch_write_item', dict(RequestItems={t: [
            {'PutRequest': {'Item': {'pk': {'S': 'b'}, 'sk': {'N': str(i)},
                                     'v': {'S': 'x' * i}}}} for i in range(1, 4)] + [
            {'DeleteRequest': {'Key': {'pk': {'S': 'b'}, 'sk': {'N': '9'}}}}]},
            ReturnConsumedCapacity='INDEXES', ReturnItemCollectionMetrics='SIZE')),
        ('batch_get_item', dict(RequestItems={t: {
            'Keys': [key, {'pk': {'S': 'b'}, 'sk': {'N': '2'}}],
            'ProjectionExpression': 'pk, v', 'ConsistentRead': False}})),
        # The legacy parameters.
        ('put_item', dict(TableName=t, Item={'pk': {'S': 'old'}, 'sk': {'N': '1'}},
                          Expected={'pk': {'Exists': False},
                                    'x': {'ComparisonOperator': 'NULL'}},
                          ConditionalOperator='AND')),
        ('update_item', dict(TableName=t, Key={'pk': {'S': 'old'}, 'sk': {'N': '1'}},
                             AttributeUpdates={'a': {'Action': 'ADD', 'Value': {'N': '5'}},
                                               'b': {'Action': 'DELETE'},
                                               'c': {'Action': 'PUT',
                                                     'Value': {'SS': ['p', 'q']}}},
                             ReturnValues='ALL_NEW')),
        ('get_item', dict(TableName=t, Key={'pk': {'S': 'old'}, 'sk': {'N': '1'}},
                          AttributesToGet=['a', 'c'])),
        ('query', dict(TableName=t, KeyConditions={
            'pk': {'ComparisonOperator': 'EQ', 'AttributeValueList': [{'S': 'b'}]},
            'sk': {'ComparisonOperator': 'BETWEEN',
                   'AttributeValueList': [{'N': '1'}, {'N': '3'}]}},
            QueryFilter={'v': {'ComparisonOperator': 'BEGINS_WITH',
                               'AttributeValueList': [{'S': 'x'}]}})),
        ('scan', dict(TableName=t, ScanFilter={
            'n': {'ComparisonOperator': 'GE', 'AttributeValueList': [{'N': '-1E+2'}]},
            'ss': {'ComparisonOperator': 'CONTAINS', 'AttributeValueList': [{'S': 'b'}]}},
            ConditionalOperator='OR', AttributesToGet=['pk', 'ss'])),
        ('delete_item', dict(TableName=t, Key=key, ConditionExpression='attribute_exists(pk)',
                             ReturnValues='ALL_OLD')),
        ('update_table', dict(TableName=t, ProvisionedThroughput={
            'ReadCapacityUnits': 7, 'WriteCapacityUnits': 3})),
        ('transact_write_items', dict(TransactItems=[
            {'Put': {'TableName': t, 'Item': {'pk': {'S': 'tx'}, 'sk': {'N': '1'}}}},
            {'ConditionCheck': {'TableName': t, 'Key': key,
                                'ConditionExpression': 'attribute_not_exists(pk)'}}])),
        ('describe_limits', dict()),
        ('delete_table', dict(TableName=t)),
    ]
    for name, params in calls:
        try:
            getattr(client, name)(**params)
        except client.exceptions.ClientError:
            pass  # the request was sent and captured; its answer does not matter here
    return list(zip([c[0] for c in calls], captured, captured_bodies))


def suite_requests():
    """Requests shaped like the AWS SigV4 test suite's (service "service"), signed by
    botocore, and two DynamoDB requests signed with a Date header instead of X-Amz-Date."""
    creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET)
    out = []
    shapes = [
        ('get-vanilla-query-order', 'GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
         {}, b''),
        ('get-unreserved', 'GET',
         'https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
         {}, b''),
        ('get-space', 'GET', 'https://example.amazonaws.com/example%20space/', {}, b''),
        ('get-header-value-trim', 'GET', 'https://example.amazonaws.com/',
         {'My-Header1': ' value1', 'My-Header2': ' "a   b   c"'}, b''),
        ('post-form', 'POST', 'https://example.amazonaws.com/',
         {'Content-Type': 'application/x-www-form-urlencoded'}, b'Param1=value1'),
        ('post-query', 'POST', 'https://example.amazonaws.com/?Param1=value%2F1&Param2=%E1%88%B4',
         {}, b''),
    ]
    for name, method, url, headers, body in shapes:
        request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=headers, data=body)
        botocore.auth.SigV4Auth(creds, 'service', 'us-east-1').add_auth(request)
        out.append((name, request_text(method, url, request.headers, body)))
    return out


def handwritten_sigv4():
    """Header shapes the parser must reject or accept, from tests/auth/authorization_test.cc."""
    base = ('POST /\r\nHost: 127.0.0.1:8000\r\nX-Amz-Date: 20150830T123600Z\r\n'
            'X-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: {}\r\n\r\n{{}}')
    headers = {
        'no-signature': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/'
                        'aws4_request',
        'missing-equals': 'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders',
        'four-part-credential': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/dynamodb/'
                                'aws4_request, SignedHeaders=host, Signature=abc',
        'other-algorithm': 'AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/'
                           'aws4_request, SignedHeaders=host, Signature=abc',
        'tabs-and-slash': 'AWS4-HMAC-SHA256\tCredential=AK=ID/20150830/eu-west-1/dynamodb/'
                          'aws4_request/,,SignedHeaders=host;x-amz-date,Signature=00',
        'not-sigv4': 'Basic dXNlcjpwYXNz',
    }
    out = [(name, base.format(value).encode()) for name, value in headers.items()]
    out.append(('date-header', (
        'POST /\r\nHost: 127.0.0.1:8000\r\nDate: Sun, 30 Aug 2015 12:36:00 GMT\r\n'
        'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/'
        'aws4_request, SignedHeaders=date;host, Signature=abc\r\n\r\n{}').encode()))
    return out


def handwritten_bodies():
    """Decoder edge cases around DynamoDB's value rules."""
    deep = '{"M":{"a":' * 31 + '{"S":"x"}' + '}}' * 31
    return [
        ('numbers', '{"Item":{"a":{"N":"99999999999999999999999999999999999999"},'
                    '"b":{"N":"1E-130"},"c":{"N":"9.9999999999999999999999999999999999999E+125"},'
                    '"d":{"N":"-0.000"},"e":{"NS":["1","1.0"]},"f":{"N":" 1"}}}'),
        ('sets', '{"Item":{"ss":{"SS":[]},"bs":{"BS":["AA==","AA"]},"s2":{"SS":["a","a"]}}}'),
        ('types', '{"Key":{"x":{"S":"a","N":"1"},"y":{},"z":{"NULL":false},'
                  '"w":{"BOOL":"true"},"v":{"B":"not base64!"}},"Limit":1.5,'
                  '"ConsistentRead":"yes","TableName":7}'),
        ('nesting-32', '{"Item":{"d":' + deep + '}}'),
        ('unicode', '{"Item":{"\\u00e9\\u0000":{"S":"\\ud83d\\ude00\\u0000"}},'
                    '"ExpressionAttributeNames":{"#a":"\\u0001"}}'),
    ]


def main():
    endpoint = sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:8001'
    make_parsers()
    clear('sigv4')
    clear('decoder')
    requests = dynamodb_requests(endpoint)
    counts = {}
    for operation, text, body in requests:
        counts[operation] = counts.get(operation, 0) + 1
        name = f'{operation}-{counts[operation]}'
        write('sigv4', name, text)
        if body:
            write('decoder', name + '.json', body)
    for name, text in suite_requests() + handwritten_sigv4():
        write('sigv4', name, text)
    for name, body in handwritten_bodies():
        write('decoder', name + '.json', body)
    for folder in ('parsers', 'sigv4', 'decoder'):
        files = os.listdir(os.path.join(CORPUS, folder))
        size = sum(os.path.getsize(os.path.join(CORPUS, folder, f)) for f in files)
        print(f'{folder}: {len(files)} files, {size} bytes')


if __name__ == '__main__':
    main()
