/*
 * reg_sha256.c — SHA-256 (FIPS 180-4 §6.2), for the digests of the
 * files the register records: none of the libraries vanban links
 * offers one. Checked against the FIPS 180-4 example vectors in
 * tests/unit/t_reg.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "reg.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n)  (((x) >> (n)) | ((x) << (32 - (n))))

static void
block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int      i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
		    (w[i - 2] >> 10)) + w[i - 7] +
		    (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3)) + w[i - 16];
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void
vb_sha256_init(struct vb_sha256 *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->n = 0;
}

void
vb_sha256_update(struct vb_sha256 *c, const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t         k;

	c->len += n;
	if (c->n > 0) {
		k = 64 - c->n < n ? 64 - c->n : n;
		memcpy(c->blk + c->n, s, k);
		c->n += k;
		s += k;
		n -= k;
		if (c->n < 64)
			return;
		block(c->h, c->blk);
		c->n = 0;
	}
	for (; n >= 64; s += 64, n -= 64)
		block(c->h, s);
	memcpy(c->blk, s, n);
	c->n = n;
}

void
vb_sha256_final(struct vb_sha256 *c, uint8_t out[32])
{
	uint64_t bits = c->len * 8;
	int      i;

	/* Padding: 0x80, zeros to 56 mod 64, the length in bits (§5.1.1). */
	c->blk[c->n++] = 0x80;
	if (c->n > 56) {
		memset(c->blk + c->n, 0, 64 - c->n);
		block(c->h, c->blk);
		c->n = 0;
	}
	memset(c->blk + c->n, 0, 56 - c->n);
	for (i = 0; i < 8; i++)
		c->blk[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	block(c->h, c->blk);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

static void
hex(const uint8_t md[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int               i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

void
vb_sha256_hex(const void *p, size_t n, char out[65])
{
	struct vb_sha256 c;
	uint8_t          md[32];

	vb_sha256_init(&c);
	vb_sha256_update(&c, p, n);
	vb_sha256_final(&c, md);
	hex(md, out);
}

int
vb_reg_file_hash(const char *path, struct vb_diag *d, struct vb_reg_file *f)
{
	struct vb_sha256 c;
	uint8_t          md[32];
	char             buf[65536];
	FILE            *fp;
	size_t           n;
	int              rc = -1;

	memset(f, 0, sizeof(*f));
	f->path = path;
	if ((fp = fopen(path, "rb")) == NULL) {
		vb_diag(d, VB_ERR_READ, NULL, "%s: %s", path, strerror(errno));
		return -1;
	}
	vb_sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		vb_sha256_update(&c, buf, n);
		f->bytes += (int64_t)n;
	}
	if (ferror(fp)) {
		vb_diag(d, VB_ERR_READ, NULL, "%s: %s", path, strerror(errno));
		goto out;
	}
	vb_sha256_final(&c, md);
	hex(md, f->sha256);
	rc = 0;
out:
	fclose(fp);
	return rc;
}
