# Reference values for tests/test_disclosure_korn_graubard.py.
# Korn-Graubard intervals from R survey::svyciprop(method = "beta") on the api data shipped
# with the survey package (apiclus1: one-stage cluster sample of school districts).
# Columns: case, p, se, n, df, R lower, R upper, NCHS-truncated lower, upper.
# Run: Rscript tests/reference/korn_graubard.R  (survey 4.1.1)
suppressMessages(library(survey))
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
cases <- list(
  list(name = "all_sch_wide", design = dclus1, formula = ~I(sch.wide == "Yes")),
  list(name = "all_awards", design = dclus1, formula = ~I(awards == "Yes")),
  list(name = "high_awards", design = subset(dclus1, stype == "H"), formula = ~I(awards == "Yes")),
  list(name = "middle_comp_imp", design = subset(dclus1, stype == "M"), formula = ~I(comp.imp == "Yes"))
)
for (case in cases) {
  ci <- svyciprop(case$formula, case$design, method = "beta")
  m <- svymean(case$formula, case$design)
  # NCHS truncates the df-adjusted effective sample size at the sample size
  # (CDCgov/surveytable svyciprop_adjusted); R survey does not. Both are printed.
  p <- coef(ci); n <- nrow(case$design)
  n_eff <- min(n, p * (1 - p) / vcov(ci) * (qt(0.025, n - 1) / qt(0.025, degf(case$design)))^2)
  nchs <- c(qbeta(0.025, n_eff * p, n_eff * (1 - p) + 1), qbeta(0.975, n_eff * p + 1, n_eff * (1 - p)))
  cat(sprintf("%s,%.15g,%.15g,%d,%d,%.15g,%.15g,%.15g,%.15g\n", case$name, p, sqrt(vcov(ci)),
              n, degf(case$design), confint(ci)[1], confint(ci)[2], nchs[1], nchs[2]))
}
