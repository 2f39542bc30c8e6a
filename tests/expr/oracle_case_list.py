"""Inputs of the oracle-pinned expression cases (see gen_oracle_cases.py)."""


def S(s): return {'S': s}
def N(s): return {'N': s}
def B(b64): return {'B': b64}
def L(*xs): return {'L': list(xs)}
def M(**kw): return {'M': kw}


BOOL_T = {'BOOL': True}
NUL = {'NULL': True}
V = {':v': S('x')}
VN = {':v': N('1')}

# The item most condition cases run against.
ITEM = {
    'a': N('1'), 's': S('héllo'), 'n': N('5'), 'b': B('AAEC'), 't': BOOL_T, 'z': NUL,
    'l': L(N('1'), S('x'), L(N('1'))), 'm': M(k=N('1'), y=M(z=S('q'))),
    'ss': {'SS': ['a', 'b']}, 'ns': {'NS': ['1', '2']}, 'bs': {'BS': ['AA==']},
    'e': S(''), 'emoji': S('😀'),
}

CONDITIONS = []


def cond(expr, values=None, names=None, item=ITEM):
    CONDITIONS.append((expr, names, values, item))


# ---- syntax errors: token and near excerpt ----
for e in ['a = ', 'a = :v AND', 'a == :v', '   ', 'a', 'a =', '(a = :v', 'a = :v)', 'a = :v b',
          'a = :v OR OR b = :v', 'a.b[x] = :v', 'a[-1] = :v', 'a[1.5] = :v', 'a[] = :v',
          'a. = :v', '.a = :v', 'a = :v1 @', 'a = "x"', "a = 'x'", 'a = 5', 'a = :', 'a = #',
          'attribute_exists(a', 'attribute_exists()', 'size(a) = size(b) = :v', 'a BETWEEN :v',
          'a BETWEEN :v OR :v', 'a IN ()', 'a IN :v', 'NOT', 'a = :v AND NOT', 'a = :v\n AND b',
          'a = :v ANDb = :v', 'a < :v < :v', 'a = b = c', 'ab$ = :v', '1a = :v', '_a = :v',
          'a-b = :v', ':v', 'a = :v + :v', 'é = :v', 'aé = :v', 'x.remove = :v', 'x.and = :v',
          'x.between = :v', 'x.in = :v', 'x.not = :v', 'x.or = :v', 'b.set = :v', 'x.add = :v',
          'x.delete = :v', 'a = :v AND\u00a0b = :v', 'a[01] = :v', '# a = :v', ': v = a',
          '  ) a', ' a = :v )  ', 'a = :v AND b = (', '(a)', 'a = :v AND (b)', 'NOT a',
          'a AND b = :v', 'a = (b = :v)', '(a = :v) = :v', 'a = (b AND c)', 'a IN (:v :v)',
          'a IN (:v,)', 'a BETWEEN :v AND', 'a <> > :v', 'a ! = :v', 'a != :v', 'a <>= :v',
          'a = :v AND OR b = :v', 'contains(a, :v', 'contains a, :v)', 'a.#', 'a[1', 'a[1]]',
          'a = :v;', 'SET a = :v', 'a = :v,', '(a = :v))', '((a = :v)', 'attribute_exists(a) b']:
    cond(e, V)
cond('#a-b = :v', V, {'#a': 'x'})
cond('', V)

# ---- function and operand checks ----
for e in ['foo(a)', 'attribute_exists(a, b)', 'attribute_exists(:v)', 'begins_with(a)',
          'size(a)', 'attribute_exists(size(a))', 'a = attribute_exists(b)',
          'attribute_exists(a) = :v', 'ATTRIBUTE_EXISTS(a)', 'Size(a) = :v', 'size(size(a)) = :v',
          'begins_with(size(a), :v)', 'size(a,b)', 'attribute_exists(:v, b)',
          'attribute_exists(a) AND size(b)', 'attribute_type(a, :v, :v)',
          'begins_with(a, attribute_exists(b))', 'begins_with(attribute_exists(b), a)',
          'size(attribute_exists(b)) = :v', 'size(if_not_exists(a,b)) = :v',
          'a IN (attribute_exists(b))', 'attribute_exists(attribute_exists(b))',
          '(attribute_exists(a)) AND a = :v', '(size(a)) = :v', '(size(a))', 'foo(status)',
          'status = :v AND foo(a)', 'foo(a) AND status = :v', 'attribute_exists(a, b, c)',
          'begins_with(a, b, c)', 'contains(a)', 'attribute_type(a)', 'attribute_not_exists(a,b)',
          'if_not_exists(a, :v) = :v', 'list_append(a, :v) = :v', 'size(a, b) = :v',
          'attribute_exists(a) = attribute_exists(b)', 'begins_with(a, :v) = :v',
          'contains(a, size(b)) AND a = :v', 'size(a) < size(b) AND a = :v',
          'attribute_not_exists(:v)', 'attribute_exists(status)', 'attribute_exists(a, status)']:
    cond(e, V)

# ---- redundant parentheses ----
for e in ['((a = :v))', '((a)) = :v', '(a = :v) AND ((b = :v))', 'NOT ((a = :v))',
          '(((a))) = :v', 'a = ((:v))', '((a = :v)) AND', '((a = :v)) AND foo(',
          'status = :v AND ((c = :v)) AND', 'size(a) AND b = :v AND (( c = :v))',
          '((c = :v)) AND size(a)', '#q = :v AND ((c = :v))', 'status = :v AND ((c = :v))',
          '(a = :v)', 'NOT (a = :v)', '(a) = :v', 'a = (:v)', '(a = :v OR b = :v) AND (c = :v)',
          '(a = :v) AND (b = :v)', 'size((a)) = :v', 'a IN ((:v))', 'begins_with((a), :v)']:
    cond(e, V)

# ---- reserved words and limits ----
for e in ['status = :v', 'a.status = :v', 'Status = :v', 'a = :v AND status = :v',
          'status = :w', 'size = :v', 'convert = :v', 'DATA = :v', 'm.name = :v', 'l[0].year = :v',
          'a[2147483647] = :v', 'a[2147483648] = :v', 'a[99999999999999] = :v',
          'a' + '.b' * 31 + ' = :v', 'a' + '.b' * 32 + ' = :v', 'a' + '[0]' * 40 + ' = :v']:
    cond(e, V)
cond('#s = :v', V, {'#s': 'status'})
cond('a = :v' + ' ' * (4096 - 6), V)
cond('a = :v' + ' ' * (4097 - 6), V)
cond('a = ' + ' ' * (4097 - 4), V)
cond('a = :v' + 'é' * 2046, V)
cond('a IN (%s)' % ','.join([':v'] * 100), V)
cond('a IN (%s)' % ','.join([':v'] * 101), V)
cond('a IN (%s)' % ','.join(['b'] * 101), V)
cond(' AND '.join(['a = :v'] * 150), V)
cond(' AND '.join(['a = :v'] * 151), V)
cond('NOT ' * 299 + 'a = :v', V)
cond('NOT ' * 301 + 'a = :v', V)
cond(' AND '.join(['a IN (:v)'] * 151), V)
cond(' AND '.join(['size(a) = :v'] * 100), V)
cond(' AND '.join(['size(a) = :v'] * 101), V)
cond(' OR '.join(['attribute_exists(a)'] * 151), V)
cond('(a = :v AND ' * 100 + 'a = :v' + ')' * 100, V)

# ---- placeholders: undefined, unused, order ----
cond('#s = :v', V)
cond('a = :w', V)
cond('a = :v', V, {'#n': 'x'})
cond('a = :v', {':v': S('x'), ':w': S('y')})
cond('a = :v', {':v': S('x'), ':w': S('y'), ':z': S('y')}, {'#n': 'x', '#m': 'y'})
cond('#q = :w', V, {'#n': 'x'})
cond('a = :w', V, {'#n': 'x'})
cond('#q = :v', {':v': S('x'), ':w': S('y')})
cond('a = :v AND #q = :v', V)
cond(':w = #q', None)
cond('#q = :w AND #r = :z', None)
cond('a = :w AND #q = :v', VN)
cond('#q = :v AND a = :w', VN)
cond('begins_with(#q, :w)', VN)
cond('a IN (:w, #q)', VN)
cond('a BETWEEN #q AND :w', VN)
cond('size(#q) = :w', VN)
cond('attribute_exists(#q) AND :w = a', VN)
cond('a = size(b)', V)
cond('#a.#b = :v', V, {'#a': 'x', '#b': 'y'})
cond('#1 = :v', V, {'#1': 'x'})
cond('#_ = :v', V, {'#_': 'x'})
cond('a = :_', {':_': S('x')})
cond('a = :1', {':1': S('x')})
cond('#a.#a = :v', V, {'#a': 'm'})

# ---- static operand types and BETWEEN bounds ----
for vals, e in [
        ({':n': N('1')}, 'begins_with(a, :n)'), ({':n': N('1')}, 'begins_with(:n, a)'),
        ({':b': B('AAE=')}, 'begins_with(b, :b)'), ({':n': N('1')}, 'contains(a, :n)'),
        ({':n': N('1')}, 'contains(:n, a)'), ({':n': N('1')}, 'contains(:n, :n)'),
        ({':n': N('1')}, 'attribute_type(a, :n)'), ({':s': S('XX')}, 'attribute_type(a, :s)'),
        ({':s': S('s')}, 'attribute_type(a, :s)'), ({':s': S('S')}, 'attribute_type(a, :s)'),
        ({':s': S('S')}, 'attribute_type(:s, :s)'), (None, 'attribute_type(a, b)'),
        ({':s': S('abc'), ':n': N('3')}, 'size(:s) = :n'), ({':n': N('3')}, 'size(:n) = :n'),
        ({':b': BOOL_T, ':n': N('3')}, 'size(:b) = :n'),
        ({':l': L(), ':n': N('0')}, 'size(:l) = :n'),
        ({':hi': N('5'), ':lo': N('1')}, 'a BETWEEN :hi AND :lo'),
        ({':hi': S('b'), ':lo': S('a')}, 'a BETWEEN :hi AND :lo'),
        ({':hi': N('5'), ':lo': S('a')}, 'a BETWEEN :hi AND :lo'),
        ({':hi': BOOL_T, ':lo': {'BOOL': False}}, 'a BETWEEN :hi AND :lo'),
        ({':hi': L(), ':lo': L()}, 'a BETWEEN :hi AND :lo'),
        ({':hi': B('AQ=='), ':lo': B('AA==')}, 'a BETWEEN :hi AND :lo'),
        ({':x': BOOL_T}, 'a < :x'), ({':x': L()}, 'a <= :x'), ({':x': {'SS': ['a']}}, 'a > :x'),
        ({':x': NUL}, 'a >= :x'), ({':x': NUL}, 'a = :x'), ({':x': M()}, 'a <> :x'),
        ({':x': N('1'), ':y': S('a')}, ':x < :y'), ({':x': N('1'), ':y': N('2')}, ':x < :y'),
        ({':x': {'BOOL': False}, ':y': BOOL_T}, ':x < :y'),
        ({':x': N('1'), ':y': S('a')}, ':x = :y'), ({':x': N('1'), ':y': S('a')}, ':x <> :y'),
        ({':x': N('1')}, 'a IN (:x, :x)'), (None, 'a IN (b, c)'), (None, 'a IN (size(b), c)'),
        ({':x': N('1')}, 'size(a) IN (:x)'), ({':x': N('1')}, 'size(a) BETWEEN :x AND :x'),
        ({':x': N('2'), ':y': N('1')}, 'size(a) BETWEEN :x AND :y'),
        (None, 'a BETWEEN b AND c'), ({':x': N('1')}, 'a BETWEEN size(b) AND :x'),
        ({':t': BOOL_T, ':v': N('1')}, 'a < :t AND b = :w'),
        ({':t': BOOL_T}, 'b = b AND a < :t'), ({':t': BOOL_T}, 'a < :t AND b = b'),
        ({':v': N('1')}, 'a BETWEEN :v AND :v'), ({':v': N('2'), ':w': N('10')}, 'a BETWEEN :v AND :w'),
        ({':v': S('2'), ':w': S('10')}, 'a BETWEEN :v AND :w'),
]:
    cond(e, vals)

# ---- same path on both sides ----
for e, vals, names in [
        ('a BETWEEN a AND :v', VN, None), ('a BETWEEN :v AND a', VN, None),
        ('begins_with(a, a)', None, None), ('contains(a, a)', None, None), ('a < a', None, None),
        ('a IN (:v, a)', VN, None), ('a IN (b, b)', None, None), ('a.b = a.b', None, None),
        ('a[0] = a[0]', None, None), ('#a = a', None, {'#a': 'a'}),
        ('a = :v AND b = b', VN, None), ('size(a) = size(a)', None, None),
        ('attribute_type(a, a)', None, None), ('a = #q AND b = b', None, None),
        ('b = b AND a = :w', None, None), ('a.b = a', None, None), ('n = n', None, None),
        ('nope <> nope', None, None), ('NOT (nope = nope)', None, None),
        (':v = :v', VN, None), ('a IN (:v, :v)', VN, None)]:
    cond(e, vals, names)

# ---- evaluation ----
for e, vals in [
        ('size(s) = :v', {':v': N('5')}), ('size(s) = :v', {':v': N('6')}),
        ('size(emoji) = :v', {':v': N('1')}), ('size(emoji) = :v', {':v': N('2')}),
        ('size(n) = :v', {':v': N('1')}), ('size(n) <> :v', {':v': N('1')}),
        ('size(t) <> :v', {':v': N('1')}), ('size(z) <> :v', {':v': N('1')}),
        ('size(b) = :v', {':v': N('3')}), ('size(l) = :v', {':v': N('3')}),
        ('size(m) = :v', {':v': N('2')}), ('size(ss) = :v', {':v': N('2')}),
        ('size(ns) = :v', {':v': N('2')}), ('size(bs) = :v', {':v': N('1')}),
        ('size(nope) <> :v', {':v': N('1')}), ('NOT size(nope) = :v', {':v': N('1')}),
        ('NOT size(n) = :v', {':v': N('1')}), ('nope <> :v', {':v': N('1')}),
        ('NOT nope = :v', {':v': N('1')}), ('nope < :v', {':v': N('1')}),
        ('NOT nope < :v', {':v': N('1')}), ('n <> :v', {':v': S('5')}), ('n < :v', {':v': S('6')}),
        ('NOT n < :v', {':v': S('6')}), ('t < :v', {':v': N('6')}), ('NOT t < :v', {':v': N('6')}),
        ('l = :v', {':v': L(N('1'), S('x'), L(N('1')))}), ('l = :v', {':v': L(N('1'), S('x'))}),
        ('ss = :v', {':v': {'SS': ['b', 'a']}}), ('ss = :v', {':v': {'SS': ['a']}}),
        ('ns = :v', {':v': {'NS': ['2.0', '1']}}),
        ('m = :v', {':v': M(k=N('1.0'), y=M(z=S('q')))}), ('m = :v', {':v': M(k=N('1'))}),
        ('n = :v', {':v': N('5.00')}), ('n = :v', {':v': N('05')}), ('n = :v', {':v': N('5E0')}),
        ('n IN (:a, :b)', {':a': N('1'), ':b': N('5')}), ('n IN (:a, :b)', {':a': N('1'), ':b': S('5')}),
        ('nope IN (:a, :b)', {':a': N('1'), ':b': S('5')}),
        ('n BETWEEN :a AND :b', {':a': N('1'), ':b': N('5')}),
        ('n BETWEEN :a AND :b', {':a': N('5'), ':b': N('5')}),
        ('n BETWEEN :a AND :b', {':a': N('6'), ':b': N('7')}),
        ('n BETWEEN :a AND :b', {':a': S('1'), ':b': S('5')}),
        ('s BETWEEN :a AND :b', {':a': S('h'), ':b': S('i')}),
        ('nope BETWEEN :a AND :b', {':a': S('h'), ':b': S('i')}),
        ('begins_with(s, :p)', {':p': S('hé')}), ('begins_with(s, :p)', {':p': S('')}),
        ('begins_with(s, :p)', {':p': S('héllo!')}), ('begins_with(s, :p)', {':p': B('aA==')}),
        ('begins_with(b, :p)', {':p': B('AA==')}), ('begins_with(b, :p)', {':p': S('A')}),
        ('begins_with(b, :p)', {':p': B('AQ==')}), ('NOT begins_with(nope, :p)', {':p': S('')}),
        ('contains(s, :p)', {':p': S('éll')}), ('contains(s, :p)', {':p': S('')}),
        ('contains(s, :p)', {':p': S('xyz')}), ('contains(b, :p)', {':p': B('AQ==')}),
        ('contains(b, :p)', {':p': S('A')}), ('contains(ss, :p)', {':p': S('a')}),
        ('contains(ss, :p)', {':p': S('c')}), ('contains(ns, :p)', {':p': N('2.0')}),
        ('contains(ns, :p)', {':p': S('2')}), ('contains(bs, :p)', {':p': B('AA==')}),
        ('contains(l, :p)', {':p': S('x')}), ('contains(l, :p)', {':p': L(N('1'))}),
        ('contains(l, :p)', {':p': N('1.0')}), ('contains(m, :p)', {':p': S('k')}),
        ('contains(n, :p)', {':p': N('5')}), ('contains(ss, :p)', {':p': {'SS': ['a']}}),
        ('NOT contains(nope, :p)', {':p': S('a')}), ('contains(:p, s)', {':p': S('héllo!')}),
        ('attribute_type(n, :t)', {':t': S('N')}), ('attribute_type(n, :t)', {':t': S('S')}),
        ('attribute_type(nope, :t)', {':t': S('N')}), ('NOT attribute_type(nope, :t)', {':t': S('N')}),
        ('attribute_type(z, :t)', {':t': S('NULL')}), ('attribute_type(ss, :t)', {':t': S('SS')}),
        ('attribute_type(m.y, :t)', {':t': S('M')}), ('attribute_type(l[2], :t)', {':t': S('L')}),
        ('attribute_type(t, :t)', {':t': S('BOOL')}), ('attribute_type(bs, :t)', {':t': S('BS')}),
        ('s > :v', {':v': S('h')}), ('s < :v', {':v': S('hz')}), ('s <= :v', {':v': S('héllo')}),
        ('b > :v', {':v': B('AA==')}), ('b < :v', {':v': B('/w==')}), ('n >= :v', {':v': N('-5')}),
        ('n > :v', {':v': N('4.99999999999999999999999999999999999')}), ('n < :v', {':v': N('1E2')}),
        ('e = :v', {':v': S('')}), ('size(e) = :v', {':v': N('0')}), ('s = :v', {':v': S('héllo')}),
        ('n < size(s)', None), ('n <= size(s)', None), ('s IN (:a)', {':a': {'SS': ['héllo']}}),
        ('z = :v', {':v': NUL}), ('t = :v', {':v': BOOL_T}), ('t = :v', {':v': {'BOOL': False}}),
        ('a = :v OR b = :v AND c = :v', {':v': N('1')}), ('(a = :v OR b = :v) AND c = :v', {':v': N('1')}),
        ('NOT a = :v AND a = :v', {':v': N('1')}), ('NOT NOT a = :v', {':v': N('1')}),
        ('a = :v AND n = :w OR t = :w', {':v': N('1'), ':w': N('9')}),
        ('m.k = :v', {':v': N('1')}), ('l[2][0] = :v', {':v': N('1')}), ('l[1] = :v', {':v': S('x')}),
        ('m.y.z = :v', {':v': S('q')}), ('m.nope.z <> :v', {':v': S('q')}),
]:
    cond(e, vals)
for e in ['attribute_exists(l[2][0])', 'attribute_exists(l[3])', 'attribute_exists(m.k)',
          'attribute_exists(s.k)', 'attribute_exists(s[0])', 'attribute_not_exists(m.k.z)',
          'attribute_exists(pk)', 'attribute_not_exists(pk)', 'attribute_exists(a)',
          'attribute_not_exists(nope)', 'attribute_exists(m.y.z)', 'attribute_exists(l[0])',
          'attribute_exists(m[0])', 'attribute_exists(l.x)']:
    cond(e, None)
# No item at all.
for e, vals in [('attribute_not_exists(a)', None), ('attribute_exists(pk)', None),
                ('a <> :v', VN), ('a = :v', VN), ('NOT a < :v', VN), ('size(a) <> :v', VN),
                ('NOT contains(a, :v)', VN), (':v = :v', VN), ('a IN (:v)', VN)]:
    cond(e, vals, None, None)

UPDATES = []
UITEM = {'a': N('1'), 's': S('str'), 'l': L(N('1'), N('2'), N('3')),
         'm': M(x=N('1'), y=M(z=S('q'))), 'ss': {'SS': ['a', 'b']}, 'ns': {'NS': ['1', '2']},
         'bs': {'BS': ['AA==', 'AQ==']}}


def upd(expr, values=None, names=None, item=UITEM, condition=None):
    UPDATES.append((expr, condition, names, values, item))


for e, vals in [
        ('SET a = :v', {':v': N('2')}), ('SET a = a + :v', {':v': N('2')}),
        ('SET a = a - :v', {':v': N('2')}), ('SET a = :v - a', {':v': N('2')}),
        ('SET a = a + :v + :v', {':v': N('2')}), ('SET a = (a + :v)', {':v': N('2')}),
        ('SET a = s + :v', {':v': N('2')}), ('SET a = nope + :v', {':v': N('2')}),
        ('SET a = :s + :v', {':v': N('2'), ':s': S('x')}), ('SET a = :v, b = :v', {':v': N('2')}),
        ('SET a = :v SET b = :v', {':v': N('2')}), ('SET a = :v REMOVE b', {':v': N('2')}),
        ('REMOVE b SET a = :v', {':v': N('2')}), ('SET a = :v, a = :v', {':v': N('2')}),
        ('SET a = :v REMOVE a', {':v': N('2')}), ('SET m = :v REMOVE m.x', {':v': N('2')}),
        ('SET m.x = :v REMOVE m', {':v': N('2')}), ('SET l[0] = :v REMOVE l[0]', {':v': N('2')}),
        ('SET l[0] = :v REMOVE l[1]', {':v': N('2')}), ('SET l[0] = :v, l[0] = :v', {':v': N('2')}),
        ('SET l[0] = :v, l.x = :v', {':v': N('2')}), ('SET m.x = :v, m[0] = :v', {':v': N('2')}),
        ('SET m.nope.x = :v', {':v': N('2')}), ('SET nope.x = :v', {':v': N('2')}),
        ('SET s.x = :v', {':v': N('2')}), ('SET l[10] = :v', {':v': N('2')}),
        ('SET l[1].x = :v', {':v': N('2')}), ('SET m[0] = :v', {':v': N('2')}),
        ('SET m.y.z = :v', {':v': N('2')}), ('SET s[0] = :v', {':v': N('2')}),
        ('REMOVE l[0], l[2]', None), ('REMOVE l[2], l[0]', None), ('REMOVE l[5]', None),
        ('REMOVE m.nope.x', None), ('REMOVE nope', None), ('REMOVE s.x', None),
        ('REMOVE s[0]', None), ('REMOVE nope.x', None), ('REMOVE nope[0]', None),
        ('REMOVE m.y.z', None), ('REMOVE m.nope', None), ('REMOVE l[1], m.x, a', None),
        ('ADD a :v', {':v': N('5')}), ('ADD nope :v', {':v': N('5')}), ('ADD s :v', {':v': N('5')}),
        ('ADD ss :v', {':v': {'SS': ['c', 'a']}}), ('ADD ss :v', {':v': {'NS': ['1']}}),
        ('ADD ns :v', {':v': {'NS': ['3', '1.0']}}), ('ADD nope :v', {':v': {'SS': ['c']}}),
        ('ADD bs :v', {':v': {'BS': ['Ag==']}}), ('ADD a :v', {':v': {'NS': ['1']}}),
        ('ADD m.x :v', {':v': N('5')}), ('ADD m.nw :v', {':v': N('5')}),
        ('ADD l[0] :v', {':v': N('5')}), ('ADD a a', None), ('ADD a :v, a :v', {':v': N('5')}),
        ('ADD nope.x :v', {':v': N('1')}), ('ADD a :v', {':v': N('-1')}),
        ('DELETE ss :v', {':v': {'SS': ['a']}}), ('DELETE ss :v', {':v': {'SS': ['a', 'b']}}),
        ('DELETE ss :v', {':v': {'SS': ['zz']}}), ('DELETE ss :v', {':v': {'NS': ['1']}}),
        ('DELETE nope :v', {':v': {'SS': ['a']}}), ('DELETE s :v', {':v': {'SS': ['a']}}),
        ('DELETE ns :v', {':v': {'NS': ['2.00']}}), ('DELETE bs :v', {':v': {'BS': ['AA==']}}),
        ('DELETE nope.x :v', {':v': {'SS': ['a']}}), ('DELETE m.nope :v', {':v': {'SS': ['a']}}),
        ('SET a = if_not_exists(a, :v)', {':v': N('9')}),
        ('SET z = if_not_exists(z, :v)', {':v': N('9')}),
        ('SET z = if_not_exists(:v, a)', {':v': N('9')}),
        ('SET z = if_not_exists(m.x, :v)', {':v': N('9')}),
        ('SET z = if_not_exists(l[5], :v)', {':v': N('9')}),
        ('SET z = list_append(l, :v)', {':v': L(S('x'))}),
        ('SET z = list_append(:v, l)', {':v': L(S('x'))}),
        ('SET z = list_append(l, :n)', {':n': N('1')}), ('SET z = list_append(nope, l)', None),
        ('SET z = list_append(l, l, l)', None), ('SET z = list_append(l)', None),
        ('SET z = if_not_exists(a)', None), ('SET z = size(l)', None), ('SET z = foo(l)', None),
        ('SET z = if_not_exists(a, :v) + :v', {':v': N('9')}),
        ('SET z = :v + if_not_exists(a, :v)', {':v': N('9')}),
        ('SET z = list_append(if_not_exists(q, :e), :v)', {':v': L(S('x')), ':e': L()}),
        ('SET z = if_not_exists(q, list_append(l, l))', None),
        ('SET z = list_append(list_append(l, l), l)', None),
        ('SET z = if_not_exists(q, if_not_exists(a, :v))', {':v': N('9')}),
        ('SET z = if_not_exists(a, :v + :v)', {':v': N('9')}),
        ('SET a = (a + :v) + :v', {':v': N('9')}), ('SET a = :v + (a + :v)', {':v': N('9')}),
        ('SET a = ((a))', None), ('SET a = (a)', None), ('SET a = ((a + :v))', {':v': N('9')}),
        ('SET (a) = :v', {':v': N('9')}), ('SET a = attribute_exists(b)', None),
        ('SET a = size(b, c)', None), ('SET a = foo(b, c)', None),
        ('SET a = if_not_exists(status, :v)', {':v': N('9')}),
        ('SET a = if_not_exists(:v, :v, :v)', {':v': N('9')}),
        ('SET a = list_append(:v)', {':v': L()}),
        ('SET a = if_not_exists(a, :v) - if_not_exists(b, :v)', {':v': N('9')}),
        ('ADD a :v, b :v', {':v': N('1')}), ('ADD a (:v)', {':v': N('1')}),
        ('REMOVE l[0], l', None), ('SET a = :v REMOVE b SET c = :v', {':v': N('1')}),
        ('SET a=:v', {':v': N('1')}), ('SET a = :v ,b = :v', {':v': N('1')}),
        ('SET a = -:v', {':v': N('1')}), ('SET a = a - - :v', {':v': N('1')}),
        ('set a = :v remove b add c :v delete ss :s', {':v': N('1'), ':s': {'SS': ['a']}}),
        ('SET a = list_append(:v, if_not_exists(l, :v))', {':v': L(N('7'))}),
        ('SET a = list_append(a, size(b))', None), ('SET a = contains(a, :v)', {':v': N('1')}),
        ('SET a = foo(:v)+:v', {':v': N('1')}), ('SET pk = :v', {':v': S('x')}),
        ('REMOVE pk', None), ('SET pk.x = :v', {':v': S('x')}),
        ('SET a = :v,', {':v': N('1')}), ('SET', None), ('', None), ('SET a', None),
        ('REMOVE', None), ('SET a = :v, REMOVE b', {':v': N('1')}), ('set a = :v', {':v': N('1')}),
        ('SET status = :v', {':v': N('1')}), ('SET a = b', None), ('SET a = :v, b = a', {':v': N('1')}),
        ('SET a = l[0], l[0] = a', None), ('SET a = a + a', None), ('SET z = size(s)', None),
        ('SET a = :v REMOVE b ADD c :v DELETE ss :s', {':v': N('2'), ':s': {'SS': ['a']}}),
        ('SET a = :v REMOVE b REMOVE c', {':v': N('2')}), ('SET a = :x', {':x': {'SS': ['a']}}),
        ('DELETE ss :v', {':v': S('a')}), ('ADD a :v', {':v': L(N('1'))}),
        ('SET l[1] = :v REMOVE l[0]', {':v': N('9')}), ('REMOVE l[0] SET l[1] = :v', {':v': N('9')}),
        ('SET l[10] = :v, l[11] = :w', {':v': N('8'), ':w': N('9')}),
        ('SET l[11] = :w, l[10] = :v', {':v': N('8'), ':w': N('9')}),
        ('SET l[4] = :w, l[3] = :v', {':v': N('8'), ':w': N('9')}),
        ('SET l[5] = :v REMOVE l[0], l[1]', {':v': N('9')}),
        ('SET l[0] = :v, l[5] = :v REMOVE l[1]', {':v': N('9')}),
        ('SET a = a + :v', {':v': N('99999999999999999999999999999999999999')}),
        ('SET a = :v + :v', {':v': N('9E125')}), ('SET a = :v - :w', {':v': N('-9E125'), ':w': N('9E125')}),
        ('ADD a :v', {':v': N('0.00000000000000000000000000000000000001')}),
        ('SET a = :v - :w', {':v': N('1E-130'), ':w': N('2E-130')}),
        ('SET a = :v - :w', {':v': N('1.5'), ':w': N('1.5')}),
        ('SET a = :v + :w', {':v': N('0.1'), ':w': N('0.2')}),
        ('SET m.x = :v, m.w = :w', {':v': N('5'), ':w': N('6')}), ('SET q = list_append(l, s)', None),
        ('SET q = s - a', None), ('SET q = if_not_exists(s, a) + a', None),
        ('SET q = list_append(l, if_not_exists(nope, l))', None),
        ('SET q = list_append(:e, :e)', {':e': L()}), ('SET a = :v, s = a + :v', {':v': N('5')}),
        ('SET l[0] = l[2], l[2] = l[0]', None), ('SET a = nope.x', None), ('SET a = l[5]', None),
        ('SET a.b = :v, a.c = :v', {':v': N('1')}), ('SET m.y = :v, m.x = m.y', {':v': N('1')}),
        ('SET #a = :v', {':v': N('1')}), ('SET a = :w', {':v': N('1')}),
        ('SET a = :w, #b = :v', {':v': N('1')}), ('SET #b = :v, a = :w', {':v': N('1')}),
        ('SET #b = :w', {':v': N('1')}), ('SET a = #b', {':v': N('1')}),
        ('SET a = :w REMOVE #b', {':v': N('1')}), ('REMOVE #b SET a = :w', {':v': N('1')}),
        ('SET a = :w, b = :x', {':v': N('1')}), ('SET a = :w ADD b :x', {':v': N('1')}),
        ('ADD b :x SET a = :w', {':v': N('1')}), ('ADD b :x DELETE c :w', {':v': N('1')}),
        ('DELETE c :w ADD b :x', {':v': N('1')}), ('SET a = :w REMOVE #b, #c', {':v': N('1')}),
        ('SET a = list_append(:w, :x)', {':v': N('1')}), ('SET a = :w + :x', {':v': N('1')}),
        ('SET a = :s + :v, b = :s + :v', {':v': N('1'), ':s': S('x')}),
        ('SET a = :s + :v, b = :v + :t', {':v': N('1'), ':s': S('x'), ':t': BOOL_T}),
        ('SET a = :s + :v, b = :w', {':v': N('1'), ':s': S('x')}),
        ('SET b = :w, a = :s + :v', {':v': N('1'), ':s': S('x')}),
        ('SET a = :x, b = :x', {':v': N('1'), ':x': NUL}),
        ('SET a = :v, a.b = :v, a.b.c = :v', {':v': N('1')}), ('SET a.b = :v, a = :v', {':v': N('1')}),
        ('SET a[1] = :v, a[1][2] = :v', {':v': N('1')}), ('SET a = :v, status = :v', {':v': N('1')}),
        ('SET a = :v, a = :v, status = :v', {':v': N('1')}),
        ('SET a = :s + :v, a = :v', {':v': N('1'), ':s': S('x')}),
        ('ADD a :v DELETE a :v', {':v': {'NS': ['1']}}), ('REMOVE a.b, a.c, a', None),
        ('ADD m.name :v', {':v': N('1')}), ('SET a = :v' + ' ' * (4097 - 10), {':v': N('1')}),
        ('SET ' + ', '.join('a%d = :v' % i for i in range(300)), {':v': N('1')}),
        ('SET a = ' + 'b' + '.c' * 32, None), ('REMOVE a' + '[0]' * 32, None),
        ('SET a[2147483648] = :v', {':v': N('1')}),
]:
    upd(e, vals)
for t, v in [('S', S('x')), ('N', N('1')), ('B', B('AA==')), ('BOOL', BOOL_T), ('NULL', NUL),
             ('M', M()), ('L', L()), ('SS', {'SS': ['a']}), ('NS', {'NS': ['1']}),
             ('BS', {'BS': ['AA==']})]:
    upd('ADD a :v', {':v': v})
    upd('DELETE a :v', {':v': v})
    upd('SET a = a + :v', {':v': v})
    upd('SET a = list_append(l, :v)', {':v': v})
    upd('ADD ns :v', {':v': v})
    upd('DELETE ns :v', {':v': v})
# Names resolve, paths collide.
upd('SET #a = :v, #b = :v', {':v': N('1')}, {'#a': 'x', '#b': 'x'})
upd('SET #a = :v, x = :w', {':v': N('1')}, {'#a': 'x'})
upd('SET a.#b = :v, a.x = :v', {':v': N('1')}, {'#b': 'x'})
upd('SET #s = :v', {':v': N('1')}, {'#s': 'status'})
upd('SET a = :v', {':v': N('1')}, {'#u': 'x'})
upd('SET a = :v', {':v': N('1'), ':u': N('1')})
# Absent item.
upd('SET a = :v', {':v': N('1')}, None, None)
upd('ADD a :v', {':v': N('1')}, None, None)
# Not here: REMOVE or DELETE alone on an absent item. DynamoDB Local creates the item (just
# its key); DynamoDB does not (update_test.cc, AbsentItemNotCreatedByRemoveOrDelete).
upd('SET a = if_not_exists(a, :v)', {':v': N('1')}, None, None)
upd('SET a.b = :v', {':v': N('1')}, None, None)
# With a condition: update first, then condition, then unused.
for e, c, vals in [
        ('SET a = :v', 'b = ', {':v': N('1')}), ('SET a = ', 'b = :v', {':v': N('1')}),
        ('SET a = :v', 'b = :w', {':v': N('1')}), ('SET a = :w', 'b = :v', {':v': N('1')}),
        ('SET a = :w', 'b = #x', {':v': N('1')}), ('SET #a = :v', 'b = :w', {':v': N('1')}),
        ('SET a = :v', 'b = :v', {':v': N('1'), ':u': N('1')}),
        ('SET a = :v', 'status = :v', {':v': N('1')}), ('SET status = :v', 'b = :w', {':v': N('1')}),
        ('SET a = :v', 'b BETWEEN :v AND :z', {':v': N('3'), ':z': N('1')}),
        ('SET a = :v, a = :v', 'b BETWEEN :v AND :z', {':v': N('3'), ':z': N('1')}),
        ('SET a = :v, a = :v', 'b = :w', {':v': N('3')}),
        ('SET a = :s + :v', 'b = :v', {':v': N('3'), ':s': S('1'), ':u': N('1')}),
        ('SET a = :v', 'b < :t', {':v': N('3'), ':t': BOOL_T, ':u': N('1')}),
        ('SET pk = :v', 'b = :v', {':v': S('3'), ':u': N('1')}),
        ('SET pk = :v', 'b = :v', {':v': S('3')}),
        ('SET a = ', 'b = ', {':v': N('1')}), ('SET a = :w', 'b = ', {':v': N('1')}),
        ('SET a = :v', 'a = :v', {':v': N('1')}), ('SET a = :v', 'a = :v', {':v': N('2')}),
        ('SET a = a + :v', 'a < :v', {':v': N('2')}), ('REMOVE s', 'attribute_exists(s)', None),
        ('SET pk = :v', 'a = :v', {':v': S('3')}),
]:
    upd(e, vals, None, UITEM, c)

PROJECTIONS = []
PITEM = {'a': N('1'), 'l': L(N('0'), N('1'), M(x=N('1'), y=N('2')), N('3')),
         'm': M(x=N('1'), y=M(z=S('q'), w=S('r'))), 's': S('str')}
for e, names in [
        ('a', None), ('a, a', None), ('a, a.b', None), ('m.y, m', None), ('l[2], l[0]', None),
        ('l[3], l[1]', None), ('l[2].x, l[2].y', None), ('l[9]', None), ('m.x, m.y.z', None),
        ('m.nope, a', None), ('s.x', None), ('s[0]', None), ('l[0].x', None), ('m[0]', None),
        ('l[1], l.x', None), ('l[2].x, l[2]', None), ('#a', {'#a': 'a'}), ('#a, a', {'#a': 'a'}),
        ('status', None), ('a,', None), ('', None), ('a = b', None),
        ('m.y.z, m.x, l[2].y, l[0]', None), ('pk', None), ('l[2].x, l[3]', None), ('#q', None),
        ('a', {'#q': 'x'}), ('nope', None), ('m.y.nope, m.y.w', None), ('l[1], l[1]', None),
        ('((a))', None), ('(a)', None), ('a.b.c, a.b', None), ('m.y, l, a, s', None),
        ('l[2].nope', None), ('size(a)', None), ('a[2147483648]', None),
        ('a' + '.b' * 32, None), (', '.join('a%d' % i for i in range(300)), None),
        ('a' * 4097, None)]:
    PROJECTIONS.append((e, names, PITEM))
