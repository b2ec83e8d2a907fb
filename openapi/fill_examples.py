#!/usr/bin/env python3
"""fill_examples.py - gives every request and response media type of
openapi.yaml that has no example one taken from the bodies the last
`make test` recorded (build/contract.jsonl; arrays cut to two items), and
a single resource the first item of its collection's example.  The lint
(no-invalid-media-type-examples) then checks each against its schema.

    python3 openapi/fill_examples.py openapi/openapi.yaml build/contract.jsonl
"""
import json, re, sys
spec_path, log_path = sys.argv[1], sys.argv[2]
lines = open(spec_path).read().split('\n')
tpls = [m.group(1) for l in lines for m in [re.match(r'^  (/\S*):\s*$', l)] if m]
def rx(t): return re.compile('^' + re.sub(r'\{[^}]+\}', '[^/]+', re.escape(t).replace('\\{','{').replace('\\}','}')) + '$')
routes = sorted([(t, rx(t)) for t in tpls], key=lambda x: x[0].count('{'))
def match(path):
    for t, r in routes:
        if r.match(path): return t
resp_ex, req_ex = {}, {}
def trim(v, depth=0):
    if isinstance(v, list): return [trim(x, depth+1) for x in v[:2]]
    if isinstance(v, dict): return {k: trim(x, depth+1) for k, x in v.items()}
    return v
for l in open(log_path):
    x = json.loads(l)
    t = match(x['path'].split('?')[0])
    if not t: continue
    m = x['method'].lower()
    ct = (x.get('content_type') or '').split(';')[0].strip()
    key = (t, m, str(x['status']), ct)
    if key not in resp_ex and x.get('body'):
        if ct.endswith('json'):
            try: resp_ex[key] = json.dumps(trim(json.loads(x['body'])), ensure_ascii=False)
            except Exception: pass
        else:
            resp_ex[key] = json.dumps(x['body'][:240], ensure_ascii=False)
    rt = (x.get('request_type') or '').split(';')[0].strip()
    rkey = (t, m, rt)
    if 200 <= x['status'] < 300 and x.get('request') and rkey not in req_ex:
        if rt.endswith('json'):
            try: req_ex[rkey] = json.dumps(trim(json.loads(x['request'])), ensure_ascii=False)
            except Exception: pass
        else:
            req_ex[rkey] = json.dumps(x['request'][:240], ensure_ascii=False)
out = []; path = method = status = None; mode = None; added = 0
i = 0
while i < len(lines):
    l = lines[i]; out.append(l)
    if l.startswith('components:'): path = None
    m = re.match(r'^  (/\S*):\s*$', l)
    if m: path, method, mode = m.group(1), None, None
    m = re.match(r'^    (get|post|put|patch|delete):\s*$', l)
    if m and path: method, mode = m.group(1), None
    if re.match(r'^      requestBody:', l): mode = 'request'
    if re.match(r'^      responses:', l): mode = 'responses'
    m = re.match(r'^        "(\d{3})":\s*$', l)
    if m and mode == 'responses': status = m.group(1)
    media = None
    if path and method and mode == 'request':
        mm = re.match(r'^          ([\w./+-]+):\s*$', l)
        if mm:
            ex = req_ex.get((path, method, mm.group(1))) or req_ex.get((path, method, 'application/json'))
            media = (mm.group(1), 12, ex)
    if path and method and mode == 'responses' and status:
        mm = re.match(r'^            ([\w./+-]+):\s*$', l)
        if mm:
            ex = resp_ex.get((path, method, status, mm.group(1)))
            if ex is None and method == 'get' and status == '200' and path.endswith('}'):
                # one item of the collection's example
                lst = resp_ex.get((path.rsplit('/', 1)[0], 'get', '200', mm.group(1)))
                if lst:
                    items = json.loads(lst).get('items') if lst.startswith('{') else None
                    if items: ex = json.dumps(items[0], ensure_ascii=False)
            media = (mm.group(1), 14, ex)
    if media and media[2]:
        # skip when the media block has an example already
        j = i + 1; has = False
        while j < len(lines) and (lines[j].startswith(' ' * media[1]) or not lines[j].strip()):
            if re.match(r'^\s*examples?:', lines[j]): has = True
            j += 1
        if not has:
            out.append(' ' * media[1] + 'example: ' + media[2]); added += 1
    i += 1
open(spec_path, 'w').write('\n'.join(out))
print('added', added, 'examples;', len(resp_ex), 'response and', len(req_ex), 'request bodies recorded')
