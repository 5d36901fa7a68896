# Reference values for tests/disclosure/test_korn_graubard_reference.py.
#
# Run from the repository root:  Rscript tests/disclosure/reference/korn_graubard.R
# Writes, beside this script:
#   korn_graubard.csv        one row per proportion: the design-based estimate, its se, n, df,
#                            R's Korn-Graubard interval (survey::svyciprop(method = "beta")) and
#                            the NCHS interval (the same with the df-adjusted effective sample
#                            size truncated at n)
#   korn_graubard_data.csv   the synthetic sample made below (fixed seed), so that Python
#                            estimates from the same rows
#   korn_graubard_session.json  R and survey versions
#
# Two definitions are written, because they differ by design:
#   R survey::svyciprop(method = "beta"):
#     n* = p(1 - p) / var(p) * (t_{n-1} / t_df)^2                     (never truncated)
#   NCHS Data Presentation Standards for Proportions (Parker et al. 2017, Vital Health Stat
#   2(175)), as NCHS implements them (CDCgov/surveytable svyciprop_adjusted, .lpe_percents):
#     n* = min(n, p(1 - p) / var(p) * (t_{n-1} / t_df)^2); n* = n when p = 0
#     effective sample size of step 1: min(n, p(1 - p) / var(p)); n when p is 0 or 1
#   CI = [qbeta(a/2, n* p, n*(1 - p) + 1), qbeta(1 - a/2, n* p + 1, n*(1 - p))]
# n = nrow(design) and df = degf(design) of the (sub)design, as R uses them.
suppressPackageStartupMessages(library(survey))
out_dir <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
num <- function(x) format(x, digits = 17, scientific = FALSE, trim = TRUE)

nchs_interval <- function(p, v, n, df, level = 0.95) {
  alpha <- 1 - level
  ratio <- if (df > 0) (qt(alpha / 2, n - 1) / qt(alpha / 2, df))^2 else 0
  n_star <- if (p > 0) min(n, p * (1 - p) / v * ratio) else n
  c(qbeta(alpha / 2, n_star * p, n_star * (1 - p) + 1),
    qbeta(1 - alpha / 2, n_star * p + 1, n_star * (1 - p)))
}

rows <- list()
add_case <- function(case, data_name, call, formula, design, ...) {
  ci <- svyciprop(formula, design, method = "beta", ...)
  p <- unname(coef(ci)); v <- unname(vcov(ci)[1]); n <- nrow(design); df <- degf(design)
  kish <- p * (1 - p) / v
  ratio <- (qt(0.025, n - 1) / qt(0.025, df))^2
  nchs <- nchs_interval(p, v, n, df)
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, data = data_name, call = call, p = num(p), se = num(sqrt(v)), n = n, df = df,
    r_low = num(confint(ci)[1]), r_high = num(confint(ci)[2]),
    nchs_n_effective = num(min(n, kish)), n_star_uncapped = num(kish * ratio),
    nchs_low = num(nchs[1]), nchs_high = num(nchs[2]),
    cap_binds = kish * ratio > n, stringsAsFactors = FALSE)
}

# ------------------------------------------------------------------ R's api data
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
add_case("clus1_sch_wide", "apiclus1", 'svyciprop(~I(sch.wide == "Yes"), dclus1, method = "beta")',
         ~I(sch.wide == "Yes"), dclus1)
add_case("clus1_awards", "apiclus1", 'svyciprop(~I(awards == "Yes"), dclus1, method = "beta")',
         ~I(awards == "Yes"), dclus1)
add_case("clus1_high_awards", "apiclus1",
         'svyciprop(~I(awards == "Yes"), subset(dclus1, stype == "H"), method = "beta")',
         ~I(awards == "Yes"), subset(dclus1, stype == "H"))
add_case("clus1_middle_comp_imp", "apiclus1",
         'svyciprop(~I(comp.imp == "Yes"), subset(dclus1, stype == "M"), method = "beta")',
         ~I(comp.imp == "Yes"), subset(dclus1, stype == "M"))
add_case("strat_sch_wide", "apistrat", 'svyciprop(~I(sch.wide == "Yes"), dstrat, method = "beta")',
         ~I(sch.wide == "Yes"), dstrat)
add_case("strat_yr_rnd", "apistrat", 'svyciprop(~I(yr.rnd == "Yes"), dstrat, method = "beta")',
         ~I(yr.rnd == "Yes"), dstrat)

# ------------------------------------------------------------------ synthetic sample
# Data the other tests do not use: 6 strata x 4 PSUs x 12 respondents, a common attribute
# spread evenly over PSUs (design effect below 1: the truncation at n binds), a rare one
# (a few cases in the whole sample: small numerators), and a small domain.
set.seed(20261201)
strata <- rep(1:6, each = 48)
psu <- rep(1:24, each = 12)
weight <- round(runif(length(psu), 20, 60), 3)
common <- as.integer(rep(c(rep(1, 6), rep(0, 6)), 24))
rare <- integer(length(psu)); rare[c(5, 100, 203)] <- 1L
group <- ifelse(runif(length(psu)) < 0.12, "small", "large")
# with_missing: common, unanswered in the four PSUs of stratum 1 and in three more rows.
with_missing <- as.numeric(common); with_missing[psu %in% 1:4 | seq_along(psu) %in% c(51, 61, 71)] <- NA
synthetic <- data.frame(stratum = strata, psu = psu, weight = weight, common = common,
                        rare = rare, group = group, with_missing = with_missing)
write.csv(synthetic, file.path(out_dir, "korn_graubard_data.csv"), row.names = FALSE)
dsyn <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = synthetic, nest = TRUE)
add_case("synthetic_common", "synthetic", 'svyciprop(~common, dsyn, method = "beta")', ~common, dsyn)
add_case("synthetic_rare", "synthetic", 'svyciprop(~rare, dsyn, method = "beta")', ~rare, dsyn)
add_case("synthetic_small_common", "synthetic",
         'svyciprop(~common, subset(dsyn, group == "small"), method = "beta")',
         ~common, subset(dsyn, group == "small"))
add_case("synthetic_large_rare", "synthetic",
         'svyciprop(~rare, subset(dsyn, group == "large"), method = "beta")',
         ~rare, subset(dsyn, group == "large"))

# A variable with missing values. R's svyciprop(..., na.rm = TRUE) takes n = nrow(design) and
# df = degf(design), counting every row and PSU, answered or not (288 and 18 here); the engine
# counts the rows and PSUs where the variable is observed, which is R on the design restricted
# to the answered rows (237 and 15). Both are written; the library follows the second.
add_case("synthetic_missing_r_narm", "synthetic",
         'svyciprop(~with_missing, dsyn, method = "beta", na.rm = TRUE)', ~with_missing, dsyn,
         na.rm = TRUE)
add_case("synthetic_missing_observed", "synthetic",
         'svyciprop(~with_missing, subset(dsyn, !is.na(with_missing)), method = "beta")',
         ~with_missing, subset(dsyn, !is.na(with_missing)))

write.csv(do.call(rbind, rows), file.path(out_dir, "korn_graubard.csv"), row.names = FALSE)
writeLines(sprintf('{"R": "%s", "survey": "%s"}', paste(R.version$major, R.version$minor, sep = "."),
                   as.character(packageVersion("survey"))),
           file.path(out_dir, "korn_graubard_session.json"))
