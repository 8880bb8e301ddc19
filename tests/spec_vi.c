/* spec_vi.c — placeholder handler for tests/spec/vi.txt. */
#include "spec_run.h"

static void
run(const char *input, const char *flags, struct vb_buf *out)
{
	(void)flags;
	vb_buf_puts(out, input);
}

const struct spec_handler spec_vi = { "vi", run };
