# Reference values for evidence.integration.workers_by_area: the weighted share of employed
# migrants (a place of work given) working in each admin1 unit, with its design-based SE,
# estimated on that domain of the full design (subset() keeps strata, PSUs and fpc: R's
# domain estimation). Data: a synthetic COL integration survey (evidence.synth, seed 3,
# scale 0.15), design columns, group and the places of living and working.
# Run from this folder: Rscript work_admin1_reference.R  (R survey 4.1.1)
library(survey)
data <- read.csv("work_admin1_data.csv", na.strings = "", encoding = "UTF-8")
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = data)
workers <- subset(design, group == "migrant" & !is.na(work_admin1))
shares <- svymean(~factor(work_admin1), workers)
out <- data.frame(
  admin1 = sub("^factor\\(work_admin1\\)", "", names(coef(shares))),
  estimate = as.numeric(coef(shares)),
  se = as.numeric(SE(shares))
)
write.csv(out, "work_admin1_results.csv", row.names = FALSE, fileEncoding = "UTF-8")
