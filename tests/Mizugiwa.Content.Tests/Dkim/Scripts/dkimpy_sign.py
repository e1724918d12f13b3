# Signs the message file argv[1] with dkimpy (Debian python3-dkim) and prints the DKIM-Signature field.
# argv: message selector domain keyfile algorithm [headers] (rsa-sha256: PEM key; ed25519-sha256: base64 seed;
# headers: comma-separated field names for h=, dkimpy's default list when absent)
import sys
import dkim
message = open(sys.argv[1], 'rb').read()
key = open(sys.argv[4], 'rb').read()
include = [h.strip().encode() for h in sys.argv[6].split(',')] if len(sys.argv) > 6 else None
signature = dkim.sign(message, sys.argv[2].encode(), sys.argv[3].encode(), key,
                      canonicalize=(b'relaxed', b'relaxed'), signature_algorithm=sys.argv[5].encode(),
                      include_headers=include)
sys.stdout.write(signature.decode())
