# Reference values for evidence.survey, produced with R's `survey` package.
#
# Run from the repository root:  Rscript tests/survey/reference/make_reference.R
# Writes, beside this script:
#   apistrat.csv, apiclus1.csv, apiclus2.csv   R's own `api` data (data(api)), exported as is
#   synthetic.csv                              a small two-stage frame made here with a fixed seed
#                                              (lonely PSUs, missing values, select-one and
#                                              multiple-choice questions)
#   boot_repweights.csv                        bootstrap replicate factors made by R (RNGs differ,
#                                              so the Python test reuses R's replicate weights)
#   r_results.csv                              one row per number: case, R call, variable, level,
#                                              domain, statistic, value (17 significant digits)
#   r_session.json                             R and survey versions
suppressPackageStartupMessages(library(survey))
out_dir <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
data(api)
num <- function(x) format(x, digits = 17, scientific = FALSE, trim = TRUE)
results <- list()
add <- function(case, call, variable, level, domain, stat, value) {
  results[[length(results) + 1]] <<- data.frame(
    case = case, call = call, variable = variable, level = level, domain = domain,
    stat = stat, value = num(as.numeric(value)), stringsAsFactors = FALSE)
}
# svystat (svymean/svytotal) -> estimate, se, deff
add_stat <- function(case, call, x, level = "", domain = "") {
  est <- coef(x); se <- SE(x); d <- attr(x, "deff")
  for (i in seq_along(est)) {
    add(case, call, names(est)[i], level, domain, "estimate", est[i])
    add(case, call, names(est)[i], level, domain, "se", se[i])
    if (!is.null(d)) add(case, call, names(est)[i], level, domain, "deff", diag(as.matrix(d))[i])
  }
}
# svyby -> one set per domain row
add_by <- function(case, call, b, variable, domain_cols) {
  dom <- apply(b[, domain_cols, drop = FALSE], 1, function(r) paste(paste0(domain_cols, "=", trimws(r)), collapse = " & "))
  est <- coef(b); se <- SE(b)
  for (i in seq_along(est)) {
    add(case, call, variable, "", dom[i], "estimate", est[i])
    add(case, call, variable, "", dom[i], "se", se[i])
  }
  if ("DEff" %in% names(b) || any(grepl("^DEff", names(b)))) {
    dcol <- grep("^DEff", names(b))
    for (i in seq_along(est)) add(case, call, variable, "", dom[i], "deff", b[i, dcol[1]])
  }
}

# ---------------------------------------------------------------- apistrat
write.csv(apistrat, file.path(out_dir, "apistrat.csv"), row.names = FALSE)
write.csv(apiclus1, file.path(out_dir, "apiclus1.csv"), row.names = FALSE)
write.csv(apiclus2, file.path(out_dir, "apiclus2.csv"), row.names = FALSE)

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dstrat_wr <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)
add("strat", "degf(dstrat)", "", "", "", "df", degf(dstrat))
add_stat("strat_mean_replace", "svymean(~api00+enroll, dstrat, deff='replace')",
         svymean(~api00 + enroll, dstrat, deff = "replace"))
add_stat("strat_mean_wor", "svymean(~api00+enroll, dstrat, deff=TRUE)",
         svymean(~api00 + enroll, dstrat, deff = TRUE))
add_stat("strat_total_replace", "svytotal(~api00+enroll, dstrat, deff='replace')",
         svytotal(~api00 + enroll, dstrat, deff = "replace"))
add_stat("strat_total_wor", "svytotal(~enroll, dstrat, deff=TRUE)", svytotal(~enroll, dstrat, deff = TRUE))
add_stat("strat_wr_mean", "svymean(~api00+enroll, dstrat_wr, deff='replace')",
         svymean(~api00 + enroll, dstrat_wr, deff = "replace"))
add_stat("strat_prop_awards", "svymean(~awards+stype, dstrat, deff='replace')",
         svymean(~awards + stype, dstrat, deff = "replace"))
ci_methods <- c("logit", "xlogit", "beta", "asin", "mean")
for (m in ci_methods) {
  p <- svyciprop(~I(awards == "Yes"), dstrat, method = m)
  call <- sprintf("svyciprop(~I(awards=='Yes'), dstrat, method='%s')", m)
  add(paste0("strat_ciprop_", m), call, "awards", "Yes", "", "estimate", coef(p))
  add(paste0("strat_ciprop_", m), call, "awards", "Yes", "", "ci_low", attr(p, "ci")[1])
  add(paste0("strat_ciprop_", m), call, "awards", "Yes", "", "ci_high", attr(p, "ci")[2])
  b <- svyby(~I(awards == "Yes"), ~stype, dstrat, svyciprop, method = m, vartype = "ci")
  call <- sprintf("svyby(~I(awards=='Yes'), ~stype, dstrat, svyciprop, method='%s', vartype='ci')", m)
  for (i in seq_len(nrow(b))) {
    dom <- paste0("stype=", b$stype[i])
    add(paste0("strat_by_ciprop_", m), call, "awards", "Yes", dom, "estimate", b[i, 2])
    add(paste0("strat_by_ciprop_", m), call, "awards", "Yes", dom, "ci_low", b[i, 3])
    add(paste0("strat_by_ciprop_", m), call, "awards", "Yes", dom, "ci_high", b[i, 4])
  }
}
m <- svymean(~api00, dstrat)
ci_t <- confint(m, df = degf(dstrat))
add("strat_mean_ci_t", "confint(svymean(~api00, dstrat), df=degf(dstrat))", "api00", "", "", "ci_low", ci_t[1])
add("strat_mean_ci_t", "confint(svymean(~api00, dstrat), df=degf(dstrat))", "api00", "", "", "ci_high", ci_t[2])
ci_n <- confint(m)
add("strat_mean_ci_normal", "confint(svymean(~api00, dstrat))", "api00", "", "", "ci_low", ci_n[1])
add("strat_mean_ci_normal", "confint(svymean(~api00, dstrat))", "api00", "", "", "ci_high", ci_n[2])
r <- svyratio(~api00, ~api99, dstrat, deff = "replace")
add("strat_ratio", "svyratio(~api00, ~api99, dstrat, deff='replace')", "api00/api99", "", "", "estimate", coef(r))
add("strat_ratio", "svyratio(~api00, ~api99, dstrat, deff='replace')", "api00/api99", "", "", "se", SE(r))
add("strat_ratio", "svyratio(~api00, ~api99, dstrat, deff='replace')", "api00/api99", "", "", "deff", attr(r, "deff"))
b <- svyby(~api00, ~stype, denominator = ~api99, dstrat, svyratio)
for (i in seq_len(nrow(b))) {
  add("strat_by_ratio", "svyby(~api00, ~stype, denominator=~api99, dstrat, svyratio)", "api00/api99", "",
      paste0("stype=", b$stype[i]), "estimate", b[i, 2])
  add("strat_by_ratio", "svyby(~api00, ~stype, denominator=~api99, dstrat, svyratio)", "api00/api99", "",
      paste0("stype=", b$stype[i]), "se", b[i, 3])
}
add_by("strat_by_mean", "svyby(~api00, ~stype, dstrat, svymean, deff='replace')",
       svyby(~api00, ~stype, dstrat, svymean, deff = "replace"), "api00", "stype")
add_by("strat_by_mean_cross", "svyby(~api00, ~stype+sch.wide, dstrat, svymean, deff='replace')",
       svyby(~api00, ~stype + sch.wide, dstrat, svymean, deff = "replace"), "api00", c("stype", "sch.wide"))
add_by("strat_by_total", "svyby(~enroll, ~sch.wide, dstrat, svytotal)",
       svyby(~enroll, ~sch.wide, dstrat, svytotal), "enroll", "sch.wide")
for (lv in c("E", "H", "M")) {
  add("strat_degf_domain", sprintf("degf(subset(dstrat, stype=='%s'))", lv), "", "", paste0("stype=", lv), "df",
      degf(subset(dstrat, stype == lv)))
}
q <- svyquantile(~api00 + enroll, dstrat, c(0.1, 0.25, 0.5, 0.9))
for (v in names(q)) for (i in seq_len(nrow(q[[v]]))) {
  p <- rownames(q[[v]])[i]
  call <- "svyquantile(~api00+enroll, dstrat, c(0.1,0.25,0.5,0.9))"
  add("strat_quantile", call, v, p, "", "estimate", q[[v]][i, 1])
  add("strat_quantile", call, v, p, "", "ci_low", q[[v]][i, 2])
  add("strat_quantile", call, v, p, "", "ci_high", q[[v]][i, 3])
  add("strat_quantile", call, v, p, "", "se", q[[v]][i, 4])
}
b <- svyby(~api00, ~stype, dstrat, svyquantile, quantiles = 0.5)
for (i in seq_len(nrow(b))) {
  call <- "svyby(~api00, ~stype, dstrat, svyquantile, quantiles=0.5)"
  add("strat_by_quantile", call, "api00", "0.5", paste0("stype=", b$stype[i]), "estimate", b[i, 2])
  add("strat_by_quantile", call, "api00", "0.5", paste0("stype=", b$stype[i]), "se", b[i, 3])
}

# ---------------------------------------------------------------- apiclus1
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
add("clus1", "degf(dclus1)", "", "", "", "df", degf(dclus1))
add_stat("clus1_mean", "svymean(~api00+enroll, dclus1, deff='replace')", svymean(~api00 + enroll, dclus1, deff = "replace"))
add_stat("clus1_total", "svytotal(~enroll, dclus1, deff='replace')", svytotal(~enroll, dclus1, deff = "replace"))
add_by("clus1_by_mean", "svyby(~api00, ~stype, dclus1, svymean, deff='replace')",
       svyby(~api00, ~stype, dclus1, svymean, deff = "replace"), "api00", "stype")
for (lv in c("E", "H", "M")) {
  add("clus1_degf_domain", sprintf("degf(subset(dclus1, stype=='%s'))", lv), "", "", paste0("stype=", lv), "df",
      degf(subset(dclus1, stype == lv)))
}
# replicate weights
jk1 <- as.svrepdesign(dclus1, type = "JK1")
add_stat("clus1_jk1_mean", "svymean(~api00+enroll, as.svrepdesign(dclus1, type='JK1'))", svymean(~api00 + enroll, jk1))
add_stat("clus1_jk1_total", "svytotal(~enroll, as.svrepdesign(dclus1, type='JK1'))", svytotal(~enroll, jk1))
add_by("clus1_jk1_by_mean", "svyby(~api00, ~stype, as.svrepdesign(dclus1, type='JK1'), svymean)",
       svyby(~api00, ~stype, jk1, svymean), "api00", "stype")
add_stat("clus1_jk1_deff", "svymean(~api00, as.svrepdesign(dclus1, type='JK1'), deff='replace')",
         svymean(~api00, jk1, deff = "replace"))
q <- svyquantile(~api00, jk1, c(0.25, 0.5))
for (i in seq_len(nrow(q$api00))) {
  p <- rownames(q$api00)[i]
  call <- "svyquantile(~api00, as.svrepdesign(dclus1, type='JK1'), c(0.25, 0.5))"
  add("clus1_jk1_quantile", call, "api00", p, "", "estimate", q$api00[i, 1])
  add("clus1_jk1_quantile", call, "api00", p, "", "ci_low", q$api00[i, 2])
  add("clus1_jk1_quantile", call, "api00", p, "", "ci_high", q$api00[i, 3])
  add("clus1_jk1_quantile", call, "api00", p, "", "se", q$api00[i, 4])
}
add("clus1_jk1", "degf(as.svrepdesign(dclus1, type='JK1'))", "", "", "", "df", degf(jk1))
jk1mse <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
add_stat("clus1_jk1_mse_mean", "svymean(~api00+enroll, as.svrepdesign(dclus1, type='JK1', mse=TRUE))",
         svymean(~api00 + enroll, jk1mse))
r <- svyratio(~api00, ~api99, jk1)
add("clus1_jk1_ratio", "svyratio(~api00, ~api99, as.svrepdesign(dclus1, type='JK1'))", "api00/api99", "", "", "estimate", coef(r))
add("clus1_jk1_ratio", "svyratio(~api00, ~api99, as.svrepdesign(dclus1, type='JK1'))", "api00/api99", "", "", "se", SE(r))
set.seed(20240601)
boot <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)
factors <- as.matrix(boot$repweights)  # replicate factors (multiply the sampling weights)
colnames(factors) <- paste0("rep", seq_len(ncol(factors)))
write.csv(data.frame(dnum = apiclus1$dnum, factors), file.path(out_dir, "boot_repweights.csv"), row.names = FALSE)
add("clus1_boot", "as.svrepdesign(dclus1, type='bootstrap', replicates=50)$scale", "", "", "", "scale", boot$scale)
add_stat("clus1_boot_mean", "svymean(~api00+enroll, as.svrepdesign(dclus1, type='bootstrap', replicates=50))",
         svymean(~api00 + enroll, boot))
add_stat("clus1_boot_total", "svytotal(~enroll, as.svrepdesign(dclus1, type='bootstrap', replicates=50))",
         svytotal(~enroll, boot))
bootmse <- boot; bootmse$mse <- TRUE
add_stat("clus1_boot_mse_mean", "svymean(~api00, bootstrap design with mse=TRUE)", svymean(~api00, bootmse))
jkn <- as.svrepdesign(dstrat, type = "JKn")
add_stat("strat_jkn_mean", "svymean(~api00+enroll, as.svrepdesign(dstrat, type='JKn'))", svymean(~api00 + enroll, jkn))
add_by("strat_jkn_by_mean", "svyby(~api00, ~sch.wide, as.svrepdesign(dstrat, type='JKn'), svymean)",
       svyby(~api00, ~sch.wide, jkn, svymean), "api00", "sch.wide")
jkn_wr <- as.svrepdesign(dstrat_wr, type = "JKn")
add_stat("strat_wr_jkn_mean", "svymean(~api00+enroll, as.svrepdesign(dstrat_wr, type='JKn'))", svymean(~api00 + enroll, jkn_wr))
# post-stratification and raking (the examples of ?postStratify and ?rake)
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop.types)
add_stat("clus1_ps_mean", "svymean(~api00+enroll, postStratify(dclus1, ~stype, pop.types))", svymean(~api00 + enroll, dps))
add_stat("clus1_ps_total", "svytotal(~enroll, postStratify(dclus1, ~stype, pop.types))", svytotal(~enroll, dps))
add_by("clus1_ps_by_mean", "svyby(~api00, ~sch.wide, postStratify(dclus1, ~stype, pop.types), svymean)",
       svyby(~api00, ~sch.wide, dps, svymean), "api00", "sch.wide")
drake <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
add_stat("clus1_rake_mean", "svymean(~api00+enroll, rake(dclus1, list(~stype,~sch.wide), list(pop.types,pop.schwide)))",
         svymean(~api00 + enroll, drake))
add_stat("clus1_rake_total", "svytotal(~enroll, rake(dclus1, list(~stype,~sch.wide), list(pop.types,pop.schwide)))",
         svytotal(~enroll, drake))
add_by("clus1_rake_by_mean", "svyby(~api00, ~stype, rake(dclus1, list(~stype,~sch.wide), list(pop.types,pop.schwide)), svymean)",
       svyby(~api00, ~stype, drake, svymean), "api00", "stype")
jk1ps <- postStratify(jk1, ~stype, pop.types)
add_stat("clus1_jk1_ps_mean", "svymean(~api00+enroll, postStratify(as.svrepdesign(dclus1, type='JK1'), ~stype, pop.types))",
         svymean(~api00 + enroll, jk1ps))
add_by("clus1_jk1_ps_by_mean", "svyby(~api00, ~sch.wide, postStratify(jk1, ~stype, pop.types), svymean)",
       svyby(~api00, ~sch.wide, jk1ps, svymean), "api00", "sch.wide")
jk1rake <- rake(jk1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
add_stat("clus1_jk1_rake_mean", "svymean(~api00+enroll, rake(jk1, list(~stype,~sch.wide), list(pop.types,pop.schwide)))",
         svymean(~api00 + enroll, jk1rake))
write.csv(data.frame(weight = weights(drake)), file.path(out_dir, "rake_weights.csv"), row.names = FALSE)

# ---------------------------------------------------------------- apiclus2 (two stages)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
add("clus2", "degf(dclus2)", "", "", "", "df", degf(dclus2))
add_stat("clus2_mean", "svymean(~api00, svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2), deff='replace')",
         svymean(~api00, dclus2, deff = "replace"))
add_stat("clus2_mean", "svymean(~enroll, dclus2, deff='replace', na.rm=TRUE)",
         svymean(~enroll, dclus2, deff = "replace", na.rm = TRUE))
add_stat("clus2_total", "svytotal(~api00, dclus2, deff='replace')", svytotal(~api00, dclus2, deff = "replace"))
add_by("clus2_by_mean", "svyby(~api00, ~stype, dclus2, svymean, deff='replace')",
       svyby(~api00, ~stype, dclus2, svymean, deff = "replace"), "api00", "stype")
add_stat("clus2_prop", "svymean(~stype, dclus2)", svymean(~stype, dclus2))
dclus2_wr <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
add_stat("clus2_wr_mean", "svymean(~api00, svydesign(id=~dnum+snum, weights=~pw, data=apiclus2))", svymean(~api00, dclus2_wr))

# ---------------------------------------------------------------- synthetic two-stage frame
set.seed(20240601)
npsu <- c(3, 4, 2, 1, 5, 3)          # stratum 4 has a lonely PSU
rows <- list()
for (h in seq_along(npsu)) for (j in seq_len(npsu[h])) {
  nssu <- if (h == 2 && j == 1) 1 else sample(2:3, 1)   # stratum 2, PSU 1: a lonely SSU
  for (k in seq_len(nssu)) {
    m <- sample(3:7, 1)
    rows[[length(rows) + 1]] <- data.frame(
      stratum = paste0("h", h), psu = paste0("h", h, "p", j), ssu = paste0("h", h, "p", j, "s", k),
      fpc1 = npsu[h] * 4L, fpc2 = nssu * 3L, w = round(runif(m, 5, 40), 2),
      sex = sample(c("F", "M"), m, replace = TRUE),
      age_group = sample(c("0-17", "18-59", "60+"), m, replace = TRUE, prob = c(0.3, 0.5, 0.2)),
      income = round(rlnorm(m, 6, 0.7), 1),
      status = sample(c("regular", "irregular", "in_process"), m, replace = TRUE),
      needs_food = rbinom(m, 1, 0.6), needs_shelter = rbinom(m, 1, 0.3), needs_health = rbinom(m, 1, 0.45),
      stringsAsFactors = FALSE)
  }
}
synth <- do.call(rbind, rows)
synth$income[c(3, 17, 40)] <- NA
synth$status[c(5, 22)] <- NA
names(synth)[names(synth) == "needs_food"] <- "needs/food"
names(synth)[names(synth) == "needs_shelter"] <- "needs/shelter"
names(synth)[names(synth) == "needs_health"] <- "needs/health"
write.csv(synth, file.path(out_dir, "synthetic.csv"), row.names = FALSE, na = "")
for (policy in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = policy)
  d1 <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = synth)
  d2 <- svydesign(id = ~psu + ssu, strata = ~stratum, weights = ~w, fpc = ~fpc1 + fpc2, data = synth)
  tag <- function(s) paste0("synth_", policy, "_", s)
  add_stat(tag("one_mean"), sprintf("options(survey.lonely.psu='%s'); svymean(~income, svydesign(id=~psu, strata=~stratum, weights=~w), na.rm=TRUE, deff='replace')", policy),
           svymean(~income, d1, na.rm = TRUE, deff = "replace"))
  add_stat(tag("one_mc"), sprintf("options(survey.lonely.psu='%s'); svymean(~`needs/food`+`needs/shelter`+`needs/health`, d1)", policy),
           svymean(~`needs/food` + `needs/shelter` + `needs/health`, d1))
  add_stat(tag("one_total"), sprintf("options(survey.lonely.psu='%s'); svytotal(~`needs/food`, d1)", policy),
           svytotal(~`needs/food`, d1))
  add_by(tag("one_by_mc"), sprintf("options(survey.lonely.psu='%s'); svyby(~`needs/food`, ~sex+age_group, d1, svymean)", policy),
         svyby(~`needs/food`, ~sex + age_group, d1, svymean), "needs/food", c("sex", "age_group"))
  add_stat(tag("two_mean"), sprintf("options(survey.lonely.psu='%s'); svymean(~income, svydesign(id=~psu+ssu, strata=~stratum, weights=~w, fpc=~fpc1+fpc2), na.rm=TRUE)", policy),
           svymean(~income, d2, na.rm = TRUE))
  add_stat(tag("two_mc"), sprintf("options(survey.lonely.psu='%s'); svymean(~`needs/food`+`needs/shelter`, d2)", policy),
           svymean(~`needs/food` + `needs/shelter`, d2))
  add_by(tag("two_by_mc"), sprintf("options(survey.lonely.psu='%s'); svyby(~`needs/health`, ~age_group, d2, svymean)", policy),
         svyby(~`needs/health`, ~age_group, d2, svymean), "needs/health", "age_group")
  add_by(tag("two_by_income"), sprintf("options(survey.lonely.psu='%s'); svyby(~income, ~sex, d2, svymean, na.rm=TRUE)", policy),
         svyby(~income, ~sex, d2, svymean, na.rm = TRUE), "income", "sex")
  st <- svymean(~factor(status), d1, na.rm = TRUE)
  names(st) <- sub("factor\\(status\\)", "status", names(st))
  add_stat(tag("one_status"), sprintf("options(survey.lonely.psu='%s'); svymean(~factor(status), d1, na.rm=TRUE)", policy), st)
}
for (policy in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = policy)
  d1 <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = synth)
  rep <- as.svrepdesign(d1, type = "JKn")
  add_stat(paste0("synth_", policy, "_jkn_mc"),
           sprintf("options(survey.lonely.psu='%s'); svymean(~`needs/food`+`needs/health`, as.svrepdesign(d1, type='JKn'))", policy),
           svymean(~`needs/food` + `needs/health`, rep))
}
options(survey.lonely.psu = "fail")
d1 <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = synth)
msg <- tryCatch({svymean(~income, d1, na.rm = TRUE); "no error"}, error = function(e) conditionMessage(e))
add("synth_fail", "options(survey.lonely.psu='fail'); svymean(~income, d1, na.rm=TRUE) -> error", msg, "", "", "error", 1)

res <- do.call(rbind, results)
write.csv(res, file.path(out_dir, "r_results.csv"), row.names = FALSE)
writeLines(sprintf('{"R": "%s", "survey": "%s", "generated_by": "tests/survey/reference/make_reference.R"}',
                   paste(R.version$major, R.version$minor, sep = "."), as.character(packageVersion("survey"))),
           file.path(out_dir, "r_session.json"))
cat("wrote", nrow(res), "reference values\n")
