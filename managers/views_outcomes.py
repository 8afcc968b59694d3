def outcomes(r):
    pass


outcomes_csv = outcomes_pdf = cost_assumptions = outcomes
