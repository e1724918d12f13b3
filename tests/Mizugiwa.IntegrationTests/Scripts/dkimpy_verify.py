# Verifies every DKIM-Signature of the message file argv[1] with the DNS records (JSON: name -> TXT value)
# of argv[2]; prints "a=<algorithm> True|False" per signature, as dkim.verify() would judge it.
import json, re, sys
import dkim
data = open(sys.argv[1], 'rb').read()
records = json.loads(sys.argv[2])
def dns(name, timeout=5):
    name = (name.decode() if isinstance(name, bytes) else name).rstrip('.').lower()
    return records[name].encode() if name in records else None
d = dkim.DKIM(data, minkey=1024)
signatures = [v for (k, v) in d.headers if k.lower() == b'dkim-signature']
for i, value in enumerate(signatures):
    algorithm = re.search(rb'a\s*=\s*([\w-]+)', value).group(1).decode()
    try:
        ok = d.verify(idx=i, dnsfunc=dns)
    except dkim.DKIMException as e:  # what dkim.verify() does: a validation error is a failed signature
        print(e, file=sys.stderr)
        ok = False
    print(algorithm, ok)

