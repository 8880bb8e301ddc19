# samples.sh — every sample renders to PDF and DOCX, and the results are
# checked as a reader would see them:
#   - the text pdftotext extracts equals samples/NAME/NAME.pdf.txt (golden,
#     checked against the seed by eye once; `tests/regen.sh` shows diffs
#     and asks before it rewrites one);
#   - the PDF passes tests/geom/nd30check.py (ND30.md §19 geometry), with
#     the options in samples/NAME/check; a check file "--no-nd30" (a
#     giấy khen, not an ND30 document) skips it and the DOCX's ND30 rules;
#   - pdffonts and qpdf --check print no warning; every font is embedded;
#   - the DOCX's projection (tests/docx_text.py) equals NAME.docx.txt, and
#     every paragraph of it is in the PDF's text;
#   - the DOCX passes tests/docx_check.py (schemas, parts, ND30 XML);
#   - LibreOffice (if installed) opens the DOCX, makes as many pages as
#     the PDF has, and its pages pass the same geometry checks.
. "$VB_TOP/tests/cli/lib.sh"

S="$VB_TOP/samples"
XSD="$VB_TOP/../shared/ooxml-xsd"
have_mutool=0; command -v mutool >/dev/null 2>&1 && have_mutool=1
have_soffice=0; command -v soffice >/dev/null 2>&1 && have_soffice=1
# The sanitizer run exercises our code; LibreOffice's work is the same in
# both runs, so it is done once.
[ -n "${VB_SANITIZE:-}" ] && have_soffice=0
[ $have_mutool -eq 1 ] || echo "samples: mutool missing; geometry skipped"
[ $have_soffice -eq 1 ] || echo "samples: LibreOffice skipped (not installed, or the sanitizer run)"

# Debian's python3-docx lives beside Debian's python3, which may not be
# the first python3 on PATH.
PYDOCX=python3
/usr/bin/python3 -c "import docx" 2>/dev/null && PYDOCX=/usr/bin/python3
[ "$PYDOCX" = python3 ] && echo "samples: python3-docx missing; DOCX read with zip+xml"

for dir in "$S"/*/; do
	name=$(basename "$dir")
	t="$dir$name.md"
	[ -f "$t" ] || continue
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	check=""
	[ -f "$dir/check" ] && check=$(cat "$dir/check")
	# A check file "--no-nd30" marks a sample that is not an ND30
	# document (a giấy khen): no ND30 geometry, no ND30 DOCX rules.
	nd30=1
	nd30opt=--nd30
	[ "$check" = "--no-nd30" ] && { nd30=0; nd30opt=""; check=""; }
	pdf="$T_TMP/$name.pdf"
	docx="$T_TMP/$name.docx"

	# shellcheck disable=SC2086
	run sh -c "cd '$VB_TOP' && '$VANBAN' render '$t' $args -o '$pdf' -o '$docx'"
	expect_rc 0 "$name renders"
	[ -f "$pdf" ] && [ -f "$docx" ] || { fail "$name: no output"; continue; }

	pdftotext -enc UTF-8 "$pdf" "$T_TMP/$name.txt" 2>"$T_TMP/err"
	[ ! -s "$T_TMP/err" ] && pass || fail "$name: pdftotext warns: $(cat "$T_TMP/err")"
	if [ -f "$dir$name.pdf.txt" ]; then
		if cmp -s "$T_TMP/$name.txt" "$dir$name.pdf.txt"; then
			pass
		else
			fail "$name: text differs from $name.pdf.txt:"
			diff -u "$dir$name.pdf.txt" "$T_TMP/$name.txt" | head -20
		fi
	else
		fail "$name: no golden $name.pdf.txt (run tests/regen.sh)"
	fi

	pdffonts "$pdf" >"$T_TMP/fonts" 2>"$T_TMP/err"
	[ ! -s "$T_TMP/err" ] && ! awk 'NR > 2 && $(NF-4) != "yes"' \
	    "$T_TMP/fonts" | grep -q . && pass ||
	    fail "$name: pdffonts: $(cat "$T_TMP/err" "$T_TMP/fonts")"
	if command -v qpdf >/dev/null 2>&1; then
		qpdf --check "$pdf" >"$T_TMP/qpdf" 2>&1 &&
		    ! grep -qi warning "$T_TMP/qpdf" && pass ||
		    fail "$name: qpdf --check: $(cat "$T_TMP/qpdf")"
	fi

	if [ $have_mutool -eq 1 ] && [ $nd30 -eq 1 ]; then
		# shellcheck disable=SC2086
		run python3 "$VB_TOP/tests/geom/nd30check.py" $check "$pdf"
		expect_rc 0 "$name: ND30 geometry of the PDF$(printf '\n%s' "$OUT" | grep FAIL)"
	fi

	python3 "$VB_TOP/tests/docx_text.py" "$docx" >"$T_TMP/$name.docx.txt"
	if [ -f "$dir$name.docx.txt" ]; then
		if cmp -s "$T_TMP/$name.docx.txt" "$dir$name.docx.txt"; then
			pass
		else
			fail "$name: DOCX differs from $name.docx.txt:"
			diff -u "$dir$name.docx.txt" "$T_TMP/$name.docx.txt" | head -20
		fi
	else
		fail "$name: no golden $name.docx.txt (run tests/regen.sh)"
	fi
	run $PYDOCX "$VB_TOP/tests/docx_text.py" --vs "$pdf" "$docx"
	expect_rc 0 "$name: the DOCX says what the PDF says$(printf '\n%s' "$OUT" | grep 'only in')"

	# shellcheck disable=SC2086
	run python3 "$VB_TOP/tests/docx_check.py" --schemas "$XSD" $nd30opt "$docx"
	expect_rc 0 "$name: DOCX structure$(printf '\n%s' "$OUT" | grep -i fail)"

	if [ $have_soffice -eq 1 ]; then
		mkdir -p "$T_TMP/lo"
		(cd "$T_TMP/lo" && HOME="$T_TMP/lo" timeout 120 soffice \
		    --headless --convert-to pdf "$docx" >/dev/null 2>&1)
		lo="$T_TMP/lo/$name.pdf"
		if [ -f "$lo" ]; then
			p1=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
			p2=$(pdfinfo "$lo" | awk '/^Pages:/ { print $2 }')
			[ "$p1" = "$p2" ] && pass ||
			    fail "$name: LibreOffice makes $p2 pages, the PDF $p1"
			if [ $have_mutool -eq 1 ] && [ $nd30 -eq 1 ]; then
				# shellcheck disable=SC2086
				run python3 "$VB_TOP/tests/geom/nd30check.py" $check "$lo"
				expect_rc 0 "$name: ND30 geometry of the DOCX in LibreOffice$(printf '\n%s' "$OUT" | grep FAIL)"
			fi
		else
			fail "$name: LibreOffice did not convert the DOCX"
		fi
	fi
done

done_tests
