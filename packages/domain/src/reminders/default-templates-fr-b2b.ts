import type { StepTemplate } from './scenario'

type Templates = Readonly<Record<'fr' | 'en' | 'de' | 'es', StepTemplate>>

// Templates of the French B2B scenario: a French creditor writing to professional customers, in their
// language. Seed data: each tenant edits its copy. Have a French avocat review the formal notice before
// production use.

export const FR_B2B_PRE_DUE: Templates = {
  fr: {
    subject: "Rappel d'échéance – {{creditor.name}}",
    body: `Madame, Monsieur,

Nous nous permettons de vous rappeler que les factures ci-dessous arrivent prochainement à échéance :

{{invoices.table}}

Montant total : {{totals}}

Si votre règlement est déjà programmé, nous vous en remercions et vous prions de ne pas tenir compte de ce message.

Vous pouvez consulter et télécharger vos factures, et les régler en ligne par carte ou par virement, depuis votre espace client sécurisé : {{portal.link}}

Notre service comptabilité clients reste à votre disposition pour toute question à l'adresse {{creditor.email}}.

Cordialement,

Le service comptabilité clients
{{creditor.name}}`,
  },
  en: {
    subject: 'Invoices due soon – {{creditor.name}}',
    body: `Dear Sir or Madam,

This is a courtesy reminder that the following invoices will soon fall due:

{{invoices.table}}

Total: {{totals}}

If payment is already scheduled, thank you, and please disregard this message.

You can view and download your invoices, and pay them online by card or bank transfer, from your secure customer area: {{portal.link}}

Our accounts receivable team will be happy to answer any question at {{creditor.email}}.

Kind regards,

Accounts Receivable
{{creditor.name}}`,
  },
  de: {
    subject: 'Bald fällige Rechnungen – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

wir möchten Sie freundlich daran erinnern, dass die folgenden Rechnungen in Kürze fällig werden:

{{invoices.table}}

Gesamtbetrag: {{totals}}

Falls Sie die Zahlung bereits veranlasst haben, danken wir Ihnen und bitten Sie, diese Nachricht als gegenstandslos zu betrachten.

In Ihrem gesicherten Kundenbereich können Sie Ihre Rechnungen einsehen, herunterladen und online per Karte oder Überweisung bezahlen: {{portal.link}}

Für Fragen steht Ihnen unsere Debitorenbuchhaltung unter {{creditor.email}} gern zur Verfügung.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}`,
  },
  es: {
    subject: 'Recordatorio de vencimiento – {{creditor.name}}',
    body: `Estimados señores:

Les recordamos que las siguientes facturas vencen próximamente:

{{invoices.table}}

Importe total: {{totals}}

Si ya han programado el pago, se lo agradecemos y les rogamos que no tengan en cuenta este mensaje.

Desde su área de cliente segura pueden consultar y descargar sus facturas, y pagarlas en línea con tarjeta o por transferencia: {{portal.link}}

Nuestro departamento de cuentas a cobrar queda a su disposición para cualquier consulta en {{creditor.email}}.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}`,
  },
}

export const FR_B2B_OVERDUE_3: Templates = {
  fr: {
    subject: 'Relance : factures échues non réglées – {{creditor.name}}',
    body: `Madame, Monsieur,

Sauf erreur ou omission de notre part, nous n'avons pas encore reçu le règlement des factures suivantes, arrivées à échéance :

{{invoices.table}}

Montant restant dû : {{totals}}

Il s'agit sans doute d'un simple oubli. Nous vous remercions de bien vouloir procéder au règlement dans les meilleurs délais, directement en ligne depuis votre espace client : {{portal.link}}

Si votre paiement a été effectué entre-temps, merci de ne pas tenir compte de ce courriel. Si l'une de ces factures pose difficulté (erreur, litige, bon de commande manquant), vous pouvez nous le signaler depuis ce même espace : nous reviendrons vers vous rapidement.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  en: {
    subject: 'Reminder: overdue invoices – {{creditor.name}}',
    body: `Dear Sir or Madam,

Unless we are mistaken, we have not yet received payment of the following invoices, which are now past due:

{{invoices.table}}

Amount outstanding: {{totals}}

This is probably a simple oversight. We would be grateful if you could settle it as soon as possible, directly online from your customer area: {{portal.link}}

If your payment has crossed with this e-mail, please disregard it. If any of these invoices is a problem (an error, a dispute, a missing purchase order), you can tell us from the same page and we will come back to you quickly.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Zahlungserinnerung: überfällige Rechnungen – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

bei der Durchsicht unserer Konten haben wir festgestellt, dass die folgenden Rechnungen trotz Fälligkeit noch nicht beglichen sind:

{{invoices.table}}

Offener Betrag: {{totals}}

Sicherlich handelt es sich nur um ein Versehen. Wir bitten Sie, den Betrag baldmöglichst zu begleichen – am einfachsten online in Ihrem Kundenbereich: {{portal.link}}

Sollte sich Ihre Zahlung mit dieser Nachricht überschnitten haben, betrachten Sie sie bitte als gegenstandslos. Ist eine Rechnung unklar oder strittig (Fehler, Reklamation, fehlende Bestellnummer), teilen Sie uns dies bitte dort mit; wir melden uns umgehend.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Recordatorio: facturas vencidas pendientes de pago – {{creditor.name}}',
    body: `Estimados señores:

Salvo error u omisión por nuestra parte, aún no hemos recibido el pago de las siguientes facturas, ya vencidas:

{{invoices.table}}

Importe pendiente: {{totals}}

Seguramente se trate de un simple descuido. Les agradeceríamos que procedieran al pago a la mayor brevedad, directamente en línea desde su área de cliente: {{portal.link}}

Si el pago se ha realizado entretanto, les rogamos que no tengan en cuenta este correo. Si alguna de estas facturas presenta un problema (error, reclamación, falta de número de pedido), pueden indicárnoslo desde esa misma área y les responderemos rápidamente.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}

export const FR_B2B_OVERDUE_10_EMAIL: Templates = {
  fr: {
    subject: 'Deuxième relance : factures impayées – {{creditor.name}}',
    body: `Madame, Monsieur,

Malgré notre précédent rappel, nous constatons que les factures suivantes restent impayées à ce jour :

{{invoices.table}}

Montant total restant dû : {{totals}}

Nous vous rappelons que, conformément à l'article L441-10 du Code de commerce et à nos conditions générales de vente, tout retard de paiement entraîne de plein droit l'application de pénalités de retard ainsi que d'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture.

Nous vous remercions de régulariser cette situation sous huitaine, en réglant en ligne depuis votre espace client : {{portal.link}}

Si vous rencontrez une difficulté de trésorerie, vous pouvez également y proposer un échéancier ou une date de règlement : nous préférons toujours trouver une solution avec vous. Si votre paiement est déjà parti, merci de nous en indiquer la date et le mode, afin que nous puissions le rapprocher.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  en: {
    subject: 'Second reminder: unpaid invoices – {{creditor.name}}',
    body: `Dear Sir or Madam,

Despite our previous reminder, the following invoices remain unpaid:

{{invoices.table}}

Total outstanding: {{totals}}

Please note that under article L441-10 of the French Commercial Code and our terms of sale, any late payment automatically incurs late-payment interest and a fixed recovery indemnity of €40 per invoice.

We would ask you to settle these invoices within eight days, online from your customer area: {{portal.link}}

If you are facing a temporary cash-flow difficulty, you can also propose a payment plan or a payment date there: we always prefer to find a solution with you. If your payment is already on its way, please let us know its date and method so that we can match it.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Mahnung: offene Rechnungen – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

trotz unserer Zahlungserinnerung sind die folgenden Rechnungen weiterhin offen:

{{invoices.table}}

Offener Gesamtbetrag: {{totals}}

Wir weisen darauf hin, dass nach Art. L441-10 des französischen Handelsgesetzbuchs (Code de commerce) und unseren Allgemeinen Geschäftsbedingungen bei Zahlungsverzug ohne weitere Mahnung Verzugszinsen sowie eine Pauschale für Beitreibungskosten von 40 € je Rechnung anfallen.

Bitte begleichen Sie den offenen Betrag innerhalb von acht Tagen online in Ihrem Kundenbereich: {{portal.link}}

Bei vorübergehenden Zahlungsschwierigkeiten können Sie dort auch eine Ratenzahlung oder einen Zahlungstermin vorschlagen – wir finden lieber gemeinsam mit Ihnen eine Lösung. Wurde die Zahlung bereits veranlasst, teilen Sie uns bitte Datum und Zahlungsweg mit, damit wir sie zuordnen können.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Segundo recordatorio: facturas impagadas – {{creditor.name}}',
    body: `Estimados señores:

A pesar de nuestro recordatorio anterior, las siguientes facturas siguen pendientes de pago:

{{invoices.table}}

Importe total pendiente: {{totals}}

Les recordamos que, conforme al artículo L441-10 del Código de Comercio francés y a nuestras condiciones generales de venta, todo retraso en el pago devenga de pleno derecho intereses de demora, así como una indemnización fija por gastos de cobro de 40 € por factura.

Les rogamos que regularicen esta situación en un plazo de ocho días, pagando en línea desde su área de cliente: {{portal.link}}

Si atraviesan una dificultad de tesorería, también pueden proponer allí un calendario de pagos o una fecha de pago: siempre preferimos encontrar una solución con ustedes. Si el pago ya ha sido emitido, les agradeceríamos que nos indicaran su fecha y su medio, para poder conciliarlo.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}

// No amount and no detail: an SMS shows on a lock screen (LEGAL.md §6). A reference and a link are enough.
export const FR_B2B_OVERDUE_10_SMS: Templates = {
  fr: {
    body: '{{creditor.name}} : sauf erreur de notre part, votre compte présente des factures échues non réglées. Détail et paiement en ligne : {{portal.link}}',
  },
  en: {
    body: '{{creditor.name}}: unless we are mistaken, your account has overdue invoices. Details and online payment: {{portal.link}}',
  },
  de: {
    body: '{{creditor.name}}: Auf Ihrem Kundenkonto sind fällige Rechnungen offen. Details und Online-Zahlung: {{portal.link}}',
  },
  es: {
    body: '{{creditor.name}}: salvo error, su cuenta presenta facturas vencidas pendientes de pago. Detalle y pago en línea: {{portal.link}}',
  },
}

export const FR_B2B_OVERDUE_20_CALL: Templates = {
  fr: {
    subject: 'Appeler {{customer.name}} – factures échues',
    body: `Objectif : obtenir une date de règlement ferme pour {{totals}} échus.

Factures concernées :
{{invoices.table}}

Déroulé suggéré :
1. Se présenter (service comptabilité clients de {{creditor.name}}) et vérifier que l'interlocuteur est bien en charge du règlement des fournisseurs.
2. Rappeler les deux relances écrites restées sans réponse ; demander si les factures ont bien été reçues et validées.
3. En cas de blocage (facture non reçue, litige, bon de commande manquant), noter le motif précis et ouvrir un litige si nécessaire.
4. Obtenir un engagement : montant et date de règlement, à enregistrer comme promesse de paiement.
5. Rappeler que le règlement peut se faire immédiatement en ligne : {{portal.link}}

Consigner le résultat de l'appel dans la fiche client.`,
  },
  en: {
    subject: 'Call {{customer.name}} – overdue invoices',
    body: `Goal: get a firm payment date for {{totals}} overdue.

Invoices:
{{invoices.table}}

Suggested call:
1. Introduce yourself (accounts receivable, {{creditor.name}}) and check you are speaking to the person who pays suppliers.
2. Mention the two written reminders left unanswered; ask whether the invoices were received and approved.
3. If something blocks payment (invoice not received, dispute, missing purchase order), note the exact reason and open a dispute if needed.
4. Get a commitment: amount and payment date, recorded as a promise to pay.
5. Remind them they can pay online right away: {{portal.link}}

Record the outcome of the call on the customer page.`,
  },
  de: {
    subject: '{{customer.name}} anrufen – überfällige Rechnungen',
    body: `Ziel: einen verbindlichen Zahlungstermin für {{totals}} überfällige Beträge erhalten.

Betroffene Rechnungen:
{{invoices.table}}

Gesprächsleitfaden:
1. Vorstellen (Debitorenbuchhaltung von {{creditor.name}}) und prüfen, ob der Gesprächspartner für die Lieferantenzahlungen zuständig ist.
2. Auf die zwei unbeantworteten schriftlichen Erinnerungen hinweisen; fragen, ob die Rechnungen eingegangen und freigegeben sind.
3. Bei Hindernissen (Rechnung nicht erhalten, Reklamation, fehlende Bestellnummer) den genauen Grund notieren und bei Bedarf eine Reklamation anlegen.
4. Eine Zusage einholen: Betrag und Zahlungstermin, als Zahlungsversprechen erfassen.
5. Darauf hinweisen, dass sofort online bezahlt werden kann: {{portal.link}}

Das Ergebnis des Anrufs in der Kundenakte festhalten.`,
  },
  es: {
    subject: 'Llamar a {{customer.name}} – facturas vencidas',
    body: `Objetivo: obtener una fecha de pago firme para {{totals}} vencidos.

Facturas afectadas:
{{invoices.table}}

Guion sugerido:
1. Presentarse (departamento de cuentas a cobrar de {{creditor.name}}) y comprobar que el interlocutor se encarga del pago a proveedores.
2. Recordar los dos recordatorios escritos sin respuesta; preguntar si las facturas se recibieron y aprobaron.
3. Si algo bloquea el pago (factura no recibida, reclamación, falta de número de pedido), anotar el motivo exacto y abrir una reclamación si hace falta.
4. Obtener un compromiso: importe y fecha de pago, que se registrará como promesa de pago.
5. Recordar que puede pagar en línea de inmediato: {{portal.link}}

Registrar el resultado de la llamada en la ficha del cliente.`,
  },
}

// LEGAL.md §3: heading, both identities, invoices with principal, penalties and the €40 apart, an 8-day
// deadline, the consequences, how to pay. Sent by registered letter after a credit manager approves it.
export const FR_B2B_FORMAL_NOTICE: Templates = {
  fr: {
    subject: 'MISE EN DEMEURE DE PAYER',
    body: `{{creditor.name}}
{{creditor.address}}
SIREN {{creditor.legalId}}

{{customer.name}}
{{customer.address}}

Le {{today}}

Objet : MISE EN DEMEURE DE PAYER
Lettre recommandée avec demande d'avis de réception

Madame, Monsieur,

Malgré nos précédentes relances, restées sans effet, les factures suivantes demeurent impayées à ce jour :

{{invoices.table}}

Conformément à l'article L441-10 du Code de commerce, ces sommes portent de plein droit, depuis le lendemain de leur date d'échéance et sans qu'un rappel soit nécessaire, des pénalités de retard au taux annuel de {{late.rate}}, soit {{late.interest}} à la date de la présente. S'y ajoute l'indemnité forfaitaire pour frais de recouvrement de 40 € par facture prévue à l'article D441-5 du même code, soit {{late.indemnity}}.

Le montant total dû s'élève ainsi à {{late.total}}, dont {{totals}} en principal.

Par la présente, nous vous mettons en demeure de régler l'intégralité de ces sommes dans un délai de huit (8) jours à compter de la réception de ce courrier.

À défaut de règlement dans ce délai, nous nous réservons le droit d'engager sans autre avis toute procédure judiciaire utile au recouvrement de notre créance, notamment une requête en injonction de payer.

Vous pouvez régler immédiatement et en toute sécurité, par carte ou par virement, depuis votre espace client : {{portal.link}}
Si vous estimez que tout ou partie de ces sommes n'est pas due, ou si un règlement est déjà intervenu, nous vous remercions de nous le faire savoir sans délai depuis ce même espace ou à l'adresse {{creditor.email}}.

Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

Le service recouvrement
{{creditor.name}}`,
  },
  en: {
    subject: 'FORMAL NOTICE TO PAY (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}
SIREN {{creditor.legalId}}

{{customer.name}}
{{customer.address}}

{{today}}

Subject: FORMAL NOTICE TO PAY (mise en demeure)
Registered letter with acknowledgement of receipt

Dear Sir or Madam,

Despite our previous reminders, which have remained unanswered, the following invoices are still unpaid:

{{invoices.table}}

Under article L441-10 of the French Commercial Code, these amounts automatically bear late-payment interest from the day after their due date, without any reminder being necessary, at the annual rate of {{late.rate}}, that is {{late.interest}} as of the date of this letter. In addition, the fixed recovery indemnity of €40 per invoice provided for by article D441-5 of the same code amounts to {{late.indemnity}}.

The total amount due is therefore {{late.total}}, of which {{totals}} is principal.

We hereby formally demand that you pay these amounts in full within eight (8) days of receiving this letter.

Failing payment within this period, we reserve the right to bring, without further notice, any legal proceedings needed to recover our claim, including an application for an order for payment (injonction de payer).

You can pay immediately and securely, by card or bank transfer, from your customer area: {{portal.link}}
If you believe that all or part of these amounts is not owed, or if payment has already been made, please let us know without delay from the same page or at {{creditor.email}}.

Yours faithfully,

Debt Recovery
{{creditor.name}}`,
  },
  de: {
    subject: 'LETZTE MAHNUNG MIT FRISTSETZUNG (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}
SIREN {{creditor.legalId}}

{{customer.name}}
{{customer.address}}

{{today}}

Betreff: LETZTE MAHNUNG MIT FRISTSETZUNG (mise en demeure)
Einschreiben mit Rückschein

Sehr geehrte Damen und Herren,

trotz unserer bisherigen Mahnungen, auf die wir keine Antwort erhalten haben, sind die folgenden Rechnungen bis heute unbezahlt:

{{invoices.table}}

Gemäß Art. L441-10 des französischen Handelsgesetzbuchs (Code de commerce) fallen auf diese Beträge ab dem Tag nach ihrer Fälligkeit ohne weitere Mahnung Verzugszinsen zum Jahreszinssatz von {{late.rate}} an, zum Datum dieses Schreibens {{late.interest}}. Hinzu kommt die Pauschale für Beitreibungskosten von 40 € je Rechnung nach Art. D441-5 desselben Gesetzbuchs, insgesamt {{late.indemnity}}.

Der geschuldete Gesamtbetrag beläuft sich damit auf {{late.total}}, davon {{totals}} Hauptforderung.

Hiermit fordern wir Sie förmlich auf, diese Beträge innerhalb von acht (8) Tagen nach Erhalt dieses Schreibens vollständig zu begleichen.

Geht die Zahlung nicht fristgerecht ein, behalten wir uns vor, ohne weitere Ankündigung gerichtliche Schritte zur Beitreibung unserer Forderung einzuleiten, insbesondere einen Antrag auf Erlass eines Zahlungsbefehls (injonction de payer).

Sie können sofort und sicher online per Karte oder Überweisung bezahlen: {{portal.link}}
Sind Sie der Auffassung, dass die Beträge ganz oder teilweise nicht geschuldet sind, oder wurde bereits gezahlt, teilen Sie uns dies bitte umgehend über Ihren Kundenbereich oder an {{creditor.email}} mit.

Mit freundlichen Grüßen

Forderungsmanagement
{{creditor.name}}`,
  },
  es: {
    subject: 'REQUERIMIENTO FORMAL DE PAGO (MISE EN DEMEURE)',
    body: `{{creditor.name}}
{{creditor.address}}
SIREN {{creditor.legalId}}

{{customer.name}}
{{customer.address}}

{{today}}

Asunto: REQUERIMIENTO FORMAL DE PAGO (mise en demeure)
Carta certificada con acuse de recibo

Estimados señores:

A pesar de nuestros recordatorios anteriores, que no han obtenido respuesta, las siguientes facturas siguen impagadas a día de hoy:

{{invoices.table}}

Conforme al artículo L441-10 del Código de Comercio francés, estos importes devengan de pleno derecho, desde el día siguiente a su vencimiento y sin necesidad de requerimiento previo, intereses de demora al tipo anual de {{late.rate}}, es decir, {{late.interest}} a la fecha de la presente. A ello se añade la indemnización fija por gastos de cobro de 40 € por factura prevista en el artículo D441-5 del mismo código, es decir, {{late.indemnity}}.

El importe total adeudado asciende por tanto a {{late.total}}, de los cuales {{totals}} corresponden al principal.

Por la presente les requerimos formalmente para que abonen la totalidad de estos importes en un plazo de ocho (8) días a partir de la recepción de esta carta.

De no recibir el pago en dicho plazo, nos reservamos el derecho de iniciar sin más aviso cualquier procedimiento judicial necesario para el cobro de nuestro crédito, en particular una solicitud de requerimiento de pago (injonction de payer).

Pueden pagar de inmediato y de forma segura, con tarjeta o por transferencia, desde su área de cliente: {{portal.link}}
Si consideran que la totalidad o parte de estos importes no es debida, o si el pago ya se ha efectuado, les rogamos que nos lo comuniquen sin demora desde esa misma área o en {{creditor.email}}.

Atentamente,

Departamento de recobro
{{creditor.name}}`,
  },
}

export const FR_B2B_ESCALATE: Templates = {
  fr: {
    subject: "Décider de l'escalade – {{customer.name}}",
    body: `La mise en demeure adressée à {{customer.name}} est restée sans effet. Principal restant dû : {{totals}}.

{{invoices.table}}

Avant toute nouvelle action :
- vérifier l'avis de réception de la mise en demeure et l'absence de litige ouvert ;
- selon le montant et la solvabilité du client, choisir : requête en injonction de payer auprès du tribunal de commerce, transmission à un cabinet de recouvrement, ou provision pour créance douteuse ;
- envisager de suspendre les livraisons ou l'encours autorisé ;
- vérifier le délai de prescription (5 ans entre commerçants, article L110-4 du Code de commerce).

Consigner la décision et sa justification dans la fiche client.`,
  },
  en: {
    subject: 'Decide on escalation – {{customer.name}}',
    body: `The formal notice sent to {{customer.name}} has had no effect. Principal outstanding: {{totals}}.

{{invoices.table}}

Before any further action:
- check the notice's acknowledgement of receipt and that no dispute is open;
- depending on the amount and the customer's solvency, choose: an application for an order for payment (injonction de payer) at the commercial court, hand-over to a collection agency, or a provision for doubtful debt;
- consider suspending deliveries or the credit limit;
- check the limitation period (5 years between traders, article L110-4 of the French Commercial Code).

Record the decision and its reasons on the customer page.`,
  },
  de: {
    subject: 'Über die Eskalation entscheiden – {{customer.name}}',
    body: `Die letzte Mahnung an {{customer.name}} ist ohne Wirkung geblieben. Offene Hauptforderung: {{totals}}.

{{invoices.table}}

Vor jedem weiteren Schritt:
- den Rückschein der letzten Mahnung prüfen und sicherstellen, dass keine Reklamation offen ist;
- je nach Betrag und Bonität des Kunden wählen: Antrag auf Zahlungsbefehl (injonction de payer) beim Handelsgericht, Übergabe an ein Inkassobüro oder Wertberichtigung;
- eine Liefersperre oder die Kürzung des Kreditlimits erwägen;
- die Verjährungsfrist prüfen (5 Jahre zwischen Kaufleuten, Art. L110-4 Code de commerce).

Entscheidung und Begründung in der Kundenakte festhalten.`,
  },
  es: {
    subject: 'Decidir la escalada – {{customer.name}}',
    body: `El requerimiento formal enviado a {{customer.name}} no ha surtido efecto. Principal pendiente: {{totals}}.

{{invoices.table}}

Antes de cualquier nueva acción:
- comprobar el acuse de recibo del requerimiento y que no haya ninguna reclamación abierta;
- según el importe y la solvencia del cliente, elegir: solicitud de requerimiento de pago (injonction de payer) ante el tribunal de comercio, traspaso a una agencia de recobro o dotación por insolvencia;
- valorar la suspensión de las entregas o del límite de crédito;
- comprobar el plazo de prescripción (5 años entre comerciantes, artículo L110-4 del Código de Comercio francés).

Registrar la decisión y su justificación en la ficha del cliente.`,
  },
}

export const FR_B2B_PROMISE_BROKEN: Templates = {
  fr: {
    subject: 'Engagement de règlement non tenu – {{creditor.name}}',
    body: `Madame, Monsieur,

Un règlement nous avait été annoncé pour les factures ci-dessous ; la date convenue est aujourd'hui dépassée et nous n'avons rien reçu :

{{invoices.table}}

Montant restant dû : {{totals}}

Nous vous remercions de procéder au paiement sans délai depuis votre espace client : {{portal.link}}

Si un règlement est en cours, merci de nous en indiquer la date et le mode. À défaut de paiement ou de nouvelles de votre part, nous serons contraints de poursuivre notre procédure de recouvrement.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  en: {
    subject: 'Payment commitment not kept – {{creditor.name}}',
    body: `Dear Sir or Madam,

A payment had been promised for the invoices below; the agreed date has now passed and we have received nothing:

{{invoices.table}}

Amount outstanding: {{totals}}

Please pay without delay from your customer area: {{portal.link}}

If a payment is on its way, please let us know its date and method. Without payment or news from you, we will have to continue our collection procedure.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Zahlungszusage nicht eingehalten – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

für die folgenden Rechnungen war uns eine Zahlung zugesagt worden; der vereinbarte Termin ist inzwischen verstrichen, ohne dass eine Zahlung eingegangen ist:

{{invoices.table}}

Offener Betrag: {{totals}}

Bitte begleichen Sie den Betrag umgehend in Ihrem Kundenbereich: {{portal.link}}

Ist eine Zahlung unterwegs, teilen Sie uns bitte Datum und Zahlungsweg mit. Erhalten wir weder Zahlung noch Nachricht, müssen wir unser Mahnverfahren fortsetzen.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Compromiso de pago no cumplido – {{creditor.name}}',
    body: `Estimados señores:

Se nos había anunciado un pago para las facturas siguientes; la fecha acordada ya ha pasado y no hemos recibido nada:

{{invoices.table}}

Importe pendiente: {{totals}}

Les rogamos que procedan al pago sin demora desde su área de cliente: {{portal.link}}

Si hay un pago en curso, les agradeceríamos que nos indicaran su fecha y su medio. A falta de pago o de noticias suyas, nos veremos obligados a continuar con nuestro procedimiento de cobro.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}

export const FR_B2B_PLAN_BROKEN: Templates = {
  fr: {
    subject: 'Échéancier non respecté – {{creditor.name}}',
    body: `Madame, Monsieur,

L'échéancier de paiement convenu pour les factures ci-dessous n'a pas été respecté : une échéance reste impayée au-delà du délai prévu. Conformément aux conditions acceptées lors de sa mise en place, l'échéancier prend fin et le solde redevient immédiatement exigible :

{{invoices.table}}

Montant restant dû : {{totals}}

Nous vous remercions de régler ce solde sans délai depuis votre espace client : {{portal.link}}

Si vous souhaitez convenir d'un nouvel échéancier, contactez-nous avant toute autre démarche : nous examinerons votre demande.

Cordialement,

Le service comptabilité clients
{{creditor.name}}
{{creditor.email}}`,
  },
  en: {
    subject: 'Payment plan not kept – {{creditor.name}}',
    body: `Dear Sir or Madam,

The payment plan agreed for the invoices below has not been kept: an instalment remains unpaid beyond the agreed grace period. Under the terms accepted when it was set up, the plan ends and the balance is due immediately:

{{invoices.table}}

Amount outstanding: {{totals}}

Please pay this balance without delay from your customer area: {{portal.link}}

If you would like to agree a new plan, please contact us before anything else: we will consider your request.

Kind regards,

Accounts Receivable
{{creditor.name}}
{{creditor.email}}`,
  },
  de: {
    subject: 'Ratenzahlungsvereinbarung nicht eingehalten – {{creditor.name}}',
    body: `Sehr geehrte Damen und Herren,

die für die folgenden Rechnungen vereinbarte Ratenzahlung wurde nicht eingehalten: Eine Rate ist über die vereinbarte Frist hinaus unbezahlt. Gemäß den bei Abschluss akzeptierten Bedingungen endet die Vereinbarung, und der Restbetrag ist sofort fällig:

{{invoices.table}}

Offener Betrag: {{totals}}

Bitte begleichen Sie den Restbetrag umgehend in Ihrem Kundenbereich: {{portal.link}}

Möchten Sie eine neue Ratenzahlung vereinbaren, wenden Sie sich bitte zuerst an uns: Wir prüfen Ihre Anfrage.

Mit freundlichen Grüßen

Debitorenbuchhaltung
{{creditor.name}}
{{creditor.email}}`,
  },
  es: {
    subject: 'Calendario de pagos incumplido – {{creditor.name}}',
    body: `Estimados señores:

El calendario de pagos acordado para las facturas siguientes no se ha respetado: un plazo sigue impagado una vez superado el margen previsto. Conforme a las condiciones aceptadas al establecerlo, el calendario queda sin efecto y el saldo pasa a ser exigible de inmediato:

{{invoices.table}}

Importe pendiente: {{totals}}

Les rogamos que abonen este saldo sin demora desde su área de cliente: {{portal.link}}

Si desean acordar un nuevo calendario, pónganse en contacto con nosotros antes de cualquier otra gestión: estudiaremos su solicitud.

Atentamente,

Departamento de cuentas a cobrar
{{creditor.name}}
{{creditor.email}}`,
  },
}
