# One markdown row from "FSTEST METRIC smp=C kind=K run=N key=value ..." lines:
# per column "median (min)" in µs, threads as the median count.
function median(a, n,    i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	n++
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		vals[kv[1], n] = kv[2] + 0
	}
}
END {
	if (!n) exit
	split("stop_machine handler stack all threads", keys, " ")
	row = "| " c " | " (k == "empty" ? "empty stop_machine" : "self-test " k) " | " n
	for (i = 1; i <= 5; i++) {
		m = 0
		for (j = 1; j <= n; j++) if ((keys[i], j) in vals) { col[++m] = vals[keys[i], j] }
		if (!m) { row = row " | –"; continue }
		v = median(col, m)
		lo = col[1]
		if (keys[i] == "threads")
			row = row " | " v
		else
			row = row " | " sprintf("%.0f (%.0f)", v / 1000, lo / 1000)
	}
	print row " |"
}
